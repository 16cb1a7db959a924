#!/bin/sh
# Golden screenshots: the README's pictures in docs/screenshots/ are made
# again from the same scripts and must match pixel for pixel. A change that
# moves pixels on purpose is accepted by running `make screenshots` and
# committing the new images (look at them first).
set -u
cd "$(dirname "$0")/.."
BIN=${LAYOUT_ACCORD:-build/accord}
OUT=build/test-out/golden
rm -rf "$OUT"; mkdir -p "$OUT"
if ! DIR="$OUT" sh tools/screenshots.sh "$BIN" > "$OUT/log" 2>&1; then
	echo "not ok - golden screenshots can be made: $(tail -3 "$OUT/log" | tr '\n' ' ')"
	exit 0
fi
n=0; bad=""
for f in docs/screenshots/*.png; do
	b=$(basename "$f")
	[ -f "$OUT/$b" ] || { bad="$bad $b(missing)"; continue; }
	d=$(compare -metric AE "$f" "$OUT/$b" null: 2>&1)
	[ "$d" = 0 ] || bad="$bad $b($d px)"
	n=$((n + 1))
done
for f in "$OUT"/*.png; do
	[ -f "docs/screenshots/$(basename "$f")" ] || bad="$bad $(basename "$f")(new, not in docs)"
done
if [ -z "$bad" ] && [ "$n" -gt 0 ]; then
	echo "ok - $n golden screenshots match docs/screenshots exactly"
else
	echo "not ok - golden screenshots match docs/screenshots: changed:$bad (if intended: make screenshots, look, commit)"
fi
