build-sc/src/net/rest.o: src/net/rest.c src/net/rest.h src/net/http.h \
 src/core/util.h
src/net/rest.h:
src/net/http.h:
src/core/util.h:
