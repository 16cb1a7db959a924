build-sc/src/app/fleetlink.o: src/app/fleetlink.c src/app/fleetlink.h \
 src/app/app.h src/app/config.h src/content/strings.h src/core/visit.h \
 src/core/record.h src/core/answers.h src/core/qmodel.h src/core/score.h \
 src/core/agreement.h src/store/store.h src/ui/ui.h src/ui/speech.h \
 src/net/sender.h src/store/outbox.h src/core/util.h src/app/pull.h \
 src/content/lastgood.h src/net/heartbeat.h src/net/http.h \
 src/net/worker.h
src/app/fleetlink.h:
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
src/app/pull.h:
src/content/lastgood.h:
src/net/heartbeat.h:
src/net/http.h:
src/net/worker.h:
