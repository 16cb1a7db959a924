build-sc/src/content/lastgood.o: src/content/lastgood.c \
 src/content/lastgood.h
src/content/lastgood.h:
