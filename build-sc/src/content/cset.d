build-sc/src/content/cset.o: src/content/cset.c src/content/cset.h \
 src/core/util.h
src/content/cset.h:
src/core/util.h:
