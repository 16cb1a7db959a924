build-sc/src/content/scoring.o: src/content/scoring.c \
 src/content/scoring.h src/core/score.h src/core/answers.h \
 src/core/qmodel.h src/content/questionnaire.h src/core/util.h
src/content/scoring.h:
src/core/score.h:
src/core/answers.h:
src/core/qmodel.h:
src/content/questionnaire.h:
src/core/util.h:
