build-sc/src/content/questionnaire.o: src/content/questionnaire.c \
 src/content/questionnaire.h src/core/qmodel.h src/core/util.h
src/content/questionnaire.h:
src/core/qmodel.h:
src/core/util.h:
