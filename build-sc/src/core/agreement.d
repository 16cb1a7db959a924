build-sc/src/core/agreement.o: src/core/agreement.c src/core/agreement.h
src/core/agreement.h:
