build-sc/tests/outbox_test: tests/unit/outbox_test.c tests/test.h \
 tests/test_db.h /usr/include/sqlcipher/sqlite3.h src/store/audit.h \
 src/store/store.h src/core/qmodel.h src/store/outbox.h \
 src/store/retention.h
tests/test.h:
tests/test_db.h:
/usr/include/sqlcipher/sqlite3.h:
src/store/audit.h:
src/store/store.h:
src/core/qmodel.h:
src/store/outbox.h:
src/store/retention.h:
