#!/bin/sh
# make check: the .editorconfig rules a script can check in C sources and
# headers: tabs for indentation, no trailing white space, LF line ends, a
# final newline, lines at most 150 columns (tabs as 8; the config table rows are long).
set -u
cd "$(dirname "$0")/.."
bad=0
for f in src/*/*.[ch] tests/unit/*.c tests/test.h; do
	out=$(awk -v f="$f" '
		/\r$/ { print f ":" NR ": CR line end"; next }
		/[ \t]+$/ { print f ":" NR ": trailing white space" }
		/^        / { print f ":" NR ": indented with spaces where a tab belongs" }
		{ line = $0; gsub(/\t/, "        ", line); if (length(line) > 150) print f ":" NR ": longer than 150 columns" }
	' "$f")
	if [ -n "$out" ]; then echo "$out"; bad=1; fi
	[ -z "$(tail -c 1 "$f")" ] || { echo "$f: no final newline"; bad=1; }
done
[ $bad -eq 0 ] && echo "style: ok"
exit $bad
