build-sc/src/store/audit.o: src/store/audit.c src/store/audit.h \
 src/store/store.h src/core/qmodel.h src/store/store_int.h \
 /usr/include/sqlcipher/sqlite3.h
src/store/audit.h:
src/store/store.h:
src/core/qmodel.h:
src/store/store_int.h:
/usr/include/sqlcipher/sqlite3.h:
