build-sc/src/app/app.o: src/app/app.c src/app/app.h src/app/config.h \
 src/content/strings.h src/core/visit.h src/core/record.h \
 src/core/answers.h src/core/qmodel.h src/core/score.h \
 src/core/agreement.h src/store/store.h src/ui/ui.h src/ui/speech.h \
 src/net/sender.h src/store/outbox.h src/app/janitor.h \
 src/store/retention.h src/app/pin.h src/content/agreement.h \
 src/content/check.h src/content/lastgood.h src/app/pull.h \
 src/app/fleetlink.h src/core/util.h src/content/questionnaire.h \
 src/content/scoring.h src/export/fhir.h src/export/hl7.h \
 src/export/summary.h src/export/translit.h src/store/audit.h
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
src/app/janitor.h:
src/store/retention.h:
src/app/pin.h:
src/content/agreement.h:
src/content/check.h:
src/content/lastgood.h:
src/app/pull.h:
src/app/fleetlink.h:
src/core/util.h:
src/content/questionnaire.h:
src/content/scoring.h:
src/export/fhir.h:
src/export/hl7.h:
src/export/summary.h:
src/export/translit.h:
src/store/audit.h:
