build-sc/src/app/main.o: src/app/main.c src/app/app.h src/app/config.h \
 src/content/strings.h src/core/visit.h src/core/record.h \
 src/core/answers.h src/core/qmodel.h src/core/score.h \
 src/core/agreement.h src/store/store.h src/ui/ui.h src/ui/speech.h \
 src/net/sender.h src/store/outbox.h src/app/fleet.h src/app/harden.h \
 src/app/pin.h src/app/script.h src/content/check.h
src/app/app.h:
src/app/config.h:
src/content/strings.h:
src/core/visit.h:
src/core/record.h:
src/core/answers.h:
src/core/qmodel.h:
src/core/score.h:
src/core/agreement.h:
src/store/store.h:
src/ui/ui.h:
src/ui/speech.h:
src/net/sender.h:
src/store/outbox.h:
src/app/fleet.h:
src/app/harden.h:
src/app/pin.h:
src/app/script.h:
src/content/check.h:
