build-sc/tests/power_cut_test: tests/unit/power_cut_test.c tests/test.h \
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
