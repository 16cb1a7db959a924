build-sc/src/net/mllp.o: src/net/mllp.c src/net/mllp.h src/net/http.h \
 src/export/hl7.h src/core/record.h src/core/answers.h src/core/qmodel.h \
 src/core/score.h src/core/agreement.h src/core/util.h
src/net/mllp.h:
src/net/http.h:
src/export/hl7.h:
src/core/record.h:
src/core/answers.h:
src/core/qmodel.h:
src/core/score.h:
src/core/agreement.h:
src/core/util.h:
