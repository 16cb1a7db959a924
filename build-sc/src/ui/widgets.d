build-sc/src/ui/widgets.o: src/ui/widgets.c src/ui/ui_int.h src/ui/ui.h \
 src/core/visit.h src/core/record.h src/core/answers.h src/core/qmodel.h \
 src/core/score.h src/core/agreement.h src/core/util.h
src/ui/ui_int.h:
src/ui/ui.h:
src/core/visit.h:
src/core/record.h:
src/core/answers.h:
src/core/qmodel.h:
src/core/score.h:
src/core/agreement.h:
src/core/util.h:
