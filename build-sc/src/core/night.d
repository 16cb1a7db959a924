build-sc/src/core/night.o: src/core/night.c src/core/night.h
src/core/night.h:
