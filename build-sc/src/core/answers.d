build-sc/src/core/answers.o: src/core/answers.c src/core/answers.h \
 src/core/qmodel.h src/core/util.h
src/core/answers.h:
src/core/qmodel.h:
src/core/util.h:
