build-sc/src/app/config.o: src/app/config.c src/app/config.h \
 src/core/night.h
src/app/config.h:
src/core/night.h:
