build-sc/src/app/fleet.o: src/app/fleet.c src/app/fleet.h \
 src/app/config.h src/app/pull.h src/app/fleetlink.h src/app/app.h \
 src/content/strings.h src/core/visit.h src/core/record.h \
 src/core/answers.h src/core/qmodel.h src/core/score.h \
 src/core/agreement.h src/store/store.h src/ui/ui.h src/ui/speech.h \
 src/net/sender.h src/store/outbox.h src/core/util.h src/content/check.h \
 src/content/cset.h src/net/heartbeat.h src/net/http.h src/net/rest.h
src/app/fleet.h:
src/app/config.h:
src/app/pull.h:
src/app/fleetlink.h:
src/app/app.h:
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
src/content/check.h:
src/content/cset.h:
src/net/heartbeat.h:
src/net/http.h:
src/net/rest.h:
