#!/bin/sh
# make screenshots: the README and docs pictures, named
# <screen>-<lang>-<W>x<H>.png in docs/screenshots/, made headless from
# tests/scripts/screens.script.in at the two main panel sizes.
set -eu
ACCORD=${1:-build/accord}
DIR=${DIR:-docs/screenshots}
mkdir -p "$DIR"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for size in 800x480 720x1280; do
	for lang in en es; do
		case $lang in en) name=English ;; es) name="Español" ;; esac
		sed -e "s#@DIR@#$DIR#g" -e "s#@LANG@#$lang#g" -e "s#@SIZE@#$size#g" -e "s#@LANGNAME@#$name#g" \
			tests/scripts/screens.script.in > "$tmp/s"
		rm -rf "$tmp/data"
		TZ=UTC "$ACCORD" --headless --fixed-clock --size "$size" --script "$tmp/s" --data "$tmp/data" --assets assets \
			--config tests/data/screens.conf 2> "$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
	done
done
echo "screenshots in $DIR"
