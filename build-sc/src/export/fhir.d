build-sc/src/export/fhir.o: src/export/fhir.c src/export/fhir.h \
 src/core/record.h src/core/answers.h src/core/qmodel.h src/core/score.h \
 src/core/agreement.h src/core/util.h
src/export/fhir.h:
src/core/record.h:
src/core/answers.h:
src/core/qmodel.h:
src/core/score.h:
src/core/agreement.h:
src/core/util.h:
