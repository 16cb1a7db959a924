#!/bin/sh
# QR pages from real screenshots: a long visit (every form, long typed
# answers, many side effects, Spanish answers) splits into numbered codes
# with Previous/Next; every page decodes with zbarimg from the screenshot and
# from a copy degraded like a phone photo (scaled down, blurred, JPEG), and
# the pages joined give back exactly the summary.
set -u
cd "$(dirname "$0")/.."
BIN=${ACCORD:-build/accord}
OUT=build/test-out/qr-pages
rm -rf "$OUT"; mkdir -p "$OUT"
ok() { echo "ok - $1"; }
nok() { echo "not ok - $1: $2"; }
long="Walk to the park with my grandchildren and carry groceries up the stairs without stopping"
sed -e '/^shot @DIR@\/handoff/,$d' -e "s#@DIR@#$OUT#g" -e 's#@LANG@#es#g' -e 's#@SIZE@#800x480#g' -e 's#@LANGNAME@#Español#g' \
    -e "s#^type \"Walk my dog\"#type \"$long\"#" \
    -e 's#^answer 1$#answer 1#' tests/scripts/screens.script.in > "$OUT/script"
# many side effects: choose three more on the multi-select screen
sed -i '/multi-es-800x480.png/i answer 0\nanswer 3\nanswer 4' "$OUT/script"
{
	echo "summary $OUT/summary.txt"
	for p in 1 2 3 4 5 6; do echo "shot $OUT/page$p.png"; echo 'tap "Código siguiente"'; done
} >> "$OUT/script"
if ! "$BIN" --headless --script "$OUT/script" --data "$OUT/data" --assets assets --config tests/data/screens.conf \
	> /dev/null 2> "$OUT/err"; then
	nok "a long visit reaches the handoff screen" "$(grep -v 'scoring\|complete' "$OUT/err" | head -4 | tr '\n' ' ')"
	exit 0
fi
bytes=$(wc -c < "$OUT/summary.txt")
: > "$OUT/joined.txt"; : > "$OUT/joined-degraded.txt"
n=0; prev=""
for p in 1 2 3 4 5 6; do
	t=$(zbarimg --raw -q "$OUT/page$p.png" 2>/dev/null)
	[ -n "$t" ] || break
	[ "$t" = "$prev" ] && break          # Next is disabled on the last page
	prev=$t
	n=$((n + 1))
	convert "$OUT/page$p.png" -resize 50% -blur 0x1 -quality 40 "$OUT/page$p-phone.jpg"
	d=$(zbarimg --raw -q "$OUT/page$p-phone.jpg" 2>/dev/null)
	[ "$d" = "$t" ] || echo "# page $p did not decode from the degraded copy" >> "$OUT/notes"
	printf '%s\n' "$t" | sed '1s/^[0-9]*\/[0-9]* //' >> "$OUT/joined.txt"
	printf '%s\n' "$d" | sed '1s/^[0-9]*\/[0-9]* //' >> "$OUT/joined-degraded.txt"
done
if [ "$n" -ge 2 ] && head -c 4 "$OUT/page1.png" > /dev/null && zbarimg --raw -q "$OUT/page1.png" 2>/dev/null | head -1 | grep -q "^1/$n "; then
	ok "a long summary ($bytes bytes) splits into $n numbered QR codes"
else
	nok "a long summary splits into numbered QR codes" "$n page(s) for $bytes bytes"
fi
if cmp -s "$OUT/joined.txt" "$OUT/summary.txt"; then ok "the pages decoded from the screenshots join to exactly the summary"
else nok "the pages decoded from the screenshots join to exactly the summary" "$(diff "$OUT/joined.txt" "$OUT/summary.txt" | head -4 | tr '\n' ' ')"; fi
if [ ! -f "$OUT/notes" ] && cmp -s "$OUT/joined-degraded.txt" "$OUT/summary.txt"; then
	ok "every page also decodes from a phone-like degraded copy (50% scale, blur, JPEG q40)"
else
	nok "every page also decodes from a phone-like degraded copy" "$(cat "$OUT/notes" 2>/dev/null)"
fi
if LC_ALL=C grep -q '[^ -~]' "$OUT/summary.txt"; then nok "the summary is plain ASCII for keyboard-wedge scanners" "non-ASCII bytes"
else ok "the summary is plain ASCII for keyboard-wedge scanners"; fi
