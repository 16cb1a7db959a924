build-sc/src/net/worker.o: src/net/worker.c src/net/worker.h \
 src/core/util.h
src/net/worker.h:
src/core/util.h:
