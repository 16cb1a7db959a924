build-sc/tests/app_test: tests/unit/app_test.c tests/test.h \
 tests/test_db.h /usr/include/sqlcipher/sqlite3.h src/app/harden.h \
 src/app/janitor.h src/store/retention.h src/store/store.h \
 src/core/qmodel.h src/app/pin.h
tests/test.h:
tests/test_db.h:
/usr/include/sqlcipher/sqlite3.h:
src/app/harden.h:
src/app/janitor.h:
src/store/retention.h:
src/store/store.h:
src/core/qmodel.h:
src/app/pin.h:
