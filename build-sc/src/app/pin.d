build-sc/src/app/pin.o: src/app/pin.c src/app/pin.h src/store/store.h \
 src/core/qmodel.h src/core/util.h
src/app/pin.h:
src/store/store.h:
src/core/qmodel.h:
src/core/util.h:
