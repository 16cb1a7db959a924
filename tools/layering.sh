#!/bin/sh
# make check: each layer includes only the layers DESIGN.md allows, and
# core/ headers carry no SDL, SQLite, curl or cJSON types.
set -u
cd "$(dirname "$0")/.."
allowed() {
	case $1 in
	core) echo "core" ;;
	content|store|export) echo "core $1" ;;
	net) echo "core store export net" ;;
	ui) echo "core export content ui" ;;
	app) echo "core content store export net ui app" ;;
	esac
}
bad=0
for dir in core content store export net ui app; do
	ok=$(allowed $dir)
	for f in src/$dir/*.[ch]; do
		for inc in $(sed -n 's/^#include "\([a-z]*\)\/.*/\1/p' "$f"); do
			case " $ok " in *" $inc "*) ;; *) echo "layering: $f includes $inc/ (allowed: $ok)"; bad=1 ;; esac
		done
	done
done
if grep -nE '#include <(SDL|sqlite3|curl|cjson|qrencode)' src/core/*.h src/core/*.c; then
	echo "layering: core/ must stay pure C"; bad=1
fi
[ $bad -eq 0 ] && echo "layering: ok"
exit $bad
