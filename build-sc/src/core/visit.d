build-sc/src/core/visit.o: src/core/visit.c src/core/visit.h \
 src/core/record.h src/core/answers.h src/core/qmodel.h src/core/score.h \
 src/core/agreement.h src/core/util.h
src/core/visit.h:
src/core/record.h:
src/core/answers.h:
src/core/qmodel.h:
src/core/score.h:
src/core/agreement.h:
src/core/util.h:
