build-sc/src/core/score.o: src/core/score.c src/core/score.h \
 src/core/answers.h src/core/qmodel.h
src/core/score.h:
src/core/answers.h:
src/core/qmodel.h:
