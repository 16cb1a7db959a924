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
# decode FILE OUT: the code's bytes exactly (zbarimg adds one newline; drop it)
decode() { zbarimg --raw -q "$1" 2>/dev/null > "$2"; [ -s "$2" ] && truncate -s -1 "$2"; }
# body PAGE: the page without its "k/n " header
body() { sed '1s/^[0-9]*\/[0-9]* //' "$1"; }
nok() { echo "not ok - $1: $2"; }
long="Walk to the park with my grandchildren and carry groceries up the stairs without stopping"
sed -e '/^shot @DIR@\/handoff/,$d' -e "s#@DIR@#$OUT#g" -e 's#@LANG@#es#g' -e 's#@SIZE@#800x480#g' -e 's#@LANGNAME@#Español#g' \
    -e "s#^type \"Walk my dog\"#type \"$long\"#" \
    -e 's#^answer 1$#answer 1#' tests/scripts/screens.script.in > "$OUT/script"
# many side effects: choose three more on the multi-select screen
# more side effects (the safety answers, listed first, stay unchosen)
sed -i '/multi-es-800x480.png/i answer 2' "$OUT/script"
{
	echo "summary $OUT/summary.txt"
	echo "show-qr"
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
	decode "$OUT/page$p.png" "$OUT/p$p.txt" || break
	t=$(cat "$OUT/p$p.txt")
	[ "$t" = "$prev" ] && break          # Next is disabled on the last page
	prev=$t
	n=$((n + 1))
	convert "$OUT/page$p.png" -resize 50% -blur 0x1 -quality 40 "$OUT/page$p-phone.jpg"
	decode "$OUT/page$p-phone.jpg" "$OUT/d$p.txt"
	cmp -s "$OUT/p$p.txt" "$OUT/d$p.txt" || echo "# page $p did not decode from the degraded copy" >> "$OUT/notes"
	body "$OUT/p$p.txt" >> "$OUT/joined.txt"
	body "$OUT/d$p.txt" >> "$OUT/joined-degraded.txt"
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

# qr_payload = fhir: the codes carry the QuestionnaireResponse JSON instead
{ cat tests/data/peg-only.conf; echo "qr_payload = fhir"; } > "$OUT/fhir.conf"
{
	sed -n '1,/^tap "Done"$/p' tests/scripts/full-visit.script
	echo "show-qr"
	for p in $(seq 1 20); do echo "shot $OUT/fhir$p.png"; echo 'tap "Next code"'; done
} > "$OUT/fhir.script" 2>/dev/null
: > "$OUT/fhir-joined.txt"
if "$BIN" --headless --script "$OUT/fhir.script" --data "$OUT/fhir-data" --assets assets --config "$OUT/fhir.conf" \
	> /dev/null 2> "$OUT/fhir.err" || [ -f "$OUT/fhir1.png" ]; then
	prev=""
	for p in $(seq 1 20); do
		[ -f "$OUT/fhir$p.png" ] && decode "$OUT/fhir$p.png" "$OUT/f$p.txt" || break
		cmp -s "$OUT/f$p.txt" "$prev" && break
		prev="$OUT/f$p.txt"
		body "$OUT/f$p.txt" >> "$OUT/fhir-joined.txt"
	done
fi
if python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['resourceType']=='QuestionnaireResponse' and d['status']=='completed'" "$OUT/fhir-joined.txt" 2>/dev/null; then
	ok "qr_payload = fhir: the codes decoded from the screenshots join to a completed QuestionnaireResponse"
else
	nok "qr_payload = fhir: the codes join to a completed QuestionnaireResponse" "$(head -c 200 "$OUT/fhir-joined.txt") $(grep -v scoring "$OUT/fhir.err" | head -2)"
fi
