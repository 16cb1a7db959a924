build-sc/src/export/translit.o: src/export/translit.c \
 src/export/translit.h src/core/util.h
src/export/translit.h:
src/core/util.h:
