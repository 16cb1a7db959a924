build-sc/src/net/sender.o: src/net/sender.c src/net/sender.h \
 src/store/outbox.h src/store/store.h src/core/qmodel.h src/core/util.h \
 src/net/http.h src/net/mllp.h
src/net/sender.h:
src/store/outbox.h:
src/store/store.h:
src/core/qmodel.h:
src/core/util.h:
src/net/http.h:
src/net/mllp.h:
