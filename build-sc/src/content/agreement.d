build-sc/src/content/agreement.o: src/content/agreement.c \
 src/content/agreement.h src/core/agreement.h src/core/util.h
src/content/agreement.h:
src/core/agreement.h:
src/core/util.h:
