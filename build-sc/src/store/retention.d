build-sc/src/store/retention.o: src/store/retention.c \
 src/store/retention.h src/store/store.h src/core/qmodel.h \
 src/store/audit.h src/store/store_int.h /usr/include/sqlcipher/sqlite3.h \
 src/core/util.h
src/store/retention.h:
src/store/store.h:
src/core/qmodel.h:
src/store/audit.h:
src/store/store_int.h:
/usr/include/sqlcipher/sqlite3.h:
src/core/util.h:
