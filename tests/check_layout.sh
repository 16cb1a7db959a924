#!/bin/sh
# Every screen of a full visit (agreement, each widget type, review, handoff,
# idle warning, staff PIN) at the five panel sizes, three text sizes and two
# languages, plus the high-contrast theme: the tour script's layout-ok steps
# fail on overflow, clipped or split words, small or overlapping targets.
set -u
cd "$(dirname "$0")/.."
BIN=${LAYOUT_ACCORD:-build/accord}
OUT=build/test-out/layout
rm -rf "$OUT"; mkdir -p "$OUT"
run() {   # size textsize theme lang
	size=$1; ts=$2; theme=$3; lang=$4
	case $lang in en) name=English ;; es) name="Español" ;; esac
	tag="$size-$ts-$theme-$lang"
	{ cat tests/data/screens.conf; echo "text_size = $ts"; echo "theme = $theme"; } > "$OUT/$tag.conf"
	sed -e "s#@DIR@#$OUT/$tag#g" -e "s#@LANG@#$lang#g" -e "s#@SIZE@#$size#g" -e "s#@LANGNAME@#$name#g" \
		tests/scripts/screens.script.in > "$OUT/$tag.script"
	mkdir -p "$OUT/$tag"
	if "$BIN" --headless --fixed-clock --size "$size" --script "$OUT/$tag.script" --data "$OUT/$tag/data" \
		--assets assets --config "$OUT/$tag.conf" > /dev/null 2> "$OUT/$tag.err"; then
		echo "ok - every screen fits at $size, text $ts, $theme theme, $lang"
	else
		echo "not ok - every screen fits at $size, text $ts, $theme theme, $lang: $(grep -v 'complete\|scoring' "$OUT/$tag.err" | head -6 | tr '\n' ' ')"
	fi
}
for size in 800x480 720x1280 1024x600 1280x800 1920x1080; do
	for ts in normal large xl; do
		for lang in en es; do run "$size" "$ts" default "$lang"; done
	done
done
run 800x480 normal high-contrast en
run 720x1280 large high-contrast es
