build-sc/src/app/harden.o: src/app/harden.c src/app/harden.h
src/app/harden.h:
