build-sc/src/content/check.o: src/content/check.c src/content/check.h \
 src/core/qmodel.h src/content/agreement.h src/core/agreement.h \
 src/content/questionnaire.h src/content/scoring.h src/core/score.h \
 src/core/answers.h src/core/util.h
src/content/check.h:
src/core/qmodel.h:
src/content/agreement.h:
src/core/agreement.h:
src/content/questionnaire.h:
src/content/scoring.h:
src/core/score.h:
src/core/answers.h:
src/core/util.h:
