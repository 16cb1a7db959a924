build-sc/src/store/outbox.o: src/store/outbox.c src/store/outbox.h \
 src/store/store.h src/core/qmodel.h src/store/store_int.h \
 /usr/include/sqlcipher/sqlite3.h src/core/util.h
src/store/outbox.h:
src/store/store.h:
src/core/qmodel.h:
src/store/store_int.h:
/usr/include/sqlcipher/sqlite3.h:
src/core/util.h:
