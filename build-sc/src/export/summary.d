build-sc/src/export/summary.o: src/export/summary.c src/export/summary.h \
 src/core/record.h src/core/answers.h src/core/qmodel.h src/core/score.h \
 src/core/agreement.h src/core/util.h
src/export/summary.h:
src/core/record.h:
src/core/answers.h:
src/core/qmodel.h:
src/core/score.h:
src/core/agreement.h:
src/core/util.h:
