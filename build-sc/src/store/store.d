build-sc/src/store/store.o: src/store/store.c src/store/store_int.h \
 src/store/store.h src/core/qmodel.h /usr/include/sqlcipher/sqlite3.h \
 src/core/util.h
src/store/store_int.h:
src/store/store.h:
src/core/qmodel.h:
/usr/include/sqlcipher/sqlite3.h:
src/core/util.h:
