build-sc/src/content/strings.o: src/content/strings.c \
 src/content/strings.h src/core/util.h
src/content/strings.h:
src/core/util.h:
