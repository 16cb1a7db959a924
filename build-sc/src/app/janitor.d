build-sc/src/app/janitor.o: src/app/janitor.c src/app/janitor.h \
 src/store/retention.h src/store/store.h src/core/qmodel.h \
 src/core/util.h
src/app/janitor.h:
src/store/retention.h:
src/store/store.h:
src/core/qmodel.h:
src/core/util.h:
