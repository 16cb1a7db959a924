build-sc/src/core/qmodel.o: src/core/qmodel.c src/core/qmodel.h \
 src/core/util.h
src/core/qmodel.h:
src/core/util.h:
