build-sc/src/net/http.o: src/net/http.c src/net/http.h
src/net/http.h:
