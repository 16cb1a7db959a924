build-sc/src/net/heartbeat.o: src/net/heartbeat.c src/net/heartbeat.h \
 src/net/http.h src/core/util.h src/net/rest.h
src/net/heartbeat.h:
src/net/http.h:
src/core/util.h:
src/net/rest.h:
