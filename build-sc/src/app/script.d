build-sc/src/app/script.o: src/app/script.c src/app/script.h \
 src/app/app.h src/app/config.h src/content/strings.h src/core/visit.h \
 src/core/record.h src/core/answers.h src/core/qmodel.h src/core/score.h \
 src/core/agreement.h src/store/store.h src/ui/ui.h src/ui/speech.h \
 src/net/sender.h src/store/outbox.h src/core/util.h src/export/fhir.h \
 src/export/hl7.h src/app/janitor.h src/store/retention.h
src/app/script.h:
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
src/core/util.h:
src/export/fhir.h:
src/export/hl7.h:
src/app/janitor.h:
src/store/retention.h:
