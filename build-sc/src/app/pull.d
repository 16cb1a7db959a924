build-sc/src/app/pull.o: src/app/pull.c src/app/pull.h src/app/config.h \
 src/content/check.h src/core/qmodel.h src/content/cset.h \
 src/content/lastgood.h src/content/strings.h src/core/util.h \
 src/net/rest.h src/net/http.h
src/app/pull.h:
src/app/config.h:
src/content/check.h:
src/core/qmodel.h:
src/content/cset.h:
src/content/lastgood.h:
src/content/strings.h:
src/core/util.h:
src/net/rest.h:
src/net/http.h:
