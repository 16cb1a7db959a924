build-sc/src/export/qr.o: src/export/qr.c src/export/qr.h src/core/util.h
src/export/qr.h:
src/core/util.h:
