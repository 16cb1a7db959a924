#!/bin/sh
# The pain body map (assets/questionnaires/pain-map.json, ui/widget_bodymap.c)
# at the five panel sizes: every place is reachable by tap (as a person does,
# scrolling to it) and offered by the audio guide as a list of names; the
# places chosen reach the clinician summary in words with the worst marked,
# and the QuestionnaireResponse with their SNOMED CT codes. Uses $ACCORD.
set -u
cd "$(dirname "$0")/.."
ACCORD=${ACCORD:-build/accord}
OUT=build/test-out/bodymap
rm -rf "$OUT"; mkdir -p "$OUT"
ok() { echo "ok - $1"; }
nok() { echo "not ok - $1: $2"; }
FORM=assets/questionnaires/pain-map.json
# the places' English words and codes, from the content (not from this test)
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
for o in d["item"][0]["answerOption"]:
    c = o["valueCoding"]
    print("%s\t%s\t%d" % (c["code"], c["display"], len(o.get("extension", []))))
' "$FORM" > "$OUT/places.tsv"
nplaces=$(wc -l < "$OUT/places.tsv")
nbuttons=$(awk -F'\t' '{ n += $3 } END { print n }' "$OUT/places.tsv")

# Tap every button once (widget order: the front view's places, then the
# back view's, each in the form's order), then the back button of each place
# drawn on both views again, so every place ends ticked; then the worst
# place, the review and Done.
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
views = [[], []]
for i, o in enumerate(d["item"][0]["answerOption"]):
    for e in o.get("extension", []):
        if e["url"] == "urn:accord:body-map-area":
            views[e["valueString"].startswith("back")].append(i)
buttons = views[0] + views[1]
print("tap \"Touch to start\"\ntap \"English\"\ntap \"Start\"")
for k in range(len(buttons)): print("answer %d" % k)
print("layout-ok")
for k, i in enumerate(buttons):
    if k >= len(views[0]) and i in views[0]: print("answer %d" % k)
print("layout-ok")
' "$FORM" > "$OUT/tap.script.in"
{
	echo 'next'
	echo 'answer 0'
	echo 'layout-ok'
	echo 'next'
	echo 'expect "Please check your answers"'
	echo 'tap "Done"'
	echo "summary $OUT/SIZE/summary.txt"
	echo "export-fhir $OUT/SIZE/bundle.json"
} >> "$OUT/tap.script.in"
for size in 800x480 720x1280 1024x600 1280x800 1920x1080; do
	mkdir -p "$OUT/$size"
	sed "s#SIZE#$size#g" "$OUT/tap.script.in" > "$OUT/$size/tap.script"
	if "$ACCORD" --headless --fixed-clock --size "$size" --script "$OUT/$size/tap.script" --data "$OUT/$size/data" \
		--assets assets --config tests/data/bodymap.conf > /dev/null 2> "$OUT/$size/stderr"; then
		line=$(grep -o 'Pain sites: [^;]*' "$OUT/$size/summary.txt")
		missing=$(cut -f2 "$OUT/places.tsv" | while read -r w; do
			case "$line" in *"$w"*) ;; *) printf '%s; ' "$w" ;; esac; done)
		if [ -z "$missing" ] && printf '%s' "$line" | grep -q "Head (worst)"; then
			ok "body map at $size: all $nplaces places reachable by tap, in the summary in words, worst marked"
		else
			nok "body map at $size: every place reachable by tap" "missing: $missing / $line"
		fi
	else
		nok "body map at $size: every place reachable by tap" "$(grep -v complete "$OUT/$size/stderr" | head -4 | tr '\n' ' ')"
	fi
done
# codes in the exported QuestionnaireResponse: every place, SNOMED CT
f=$OUT/800x480/bundle.json
if [ -s "$f" ]; then
	miss=$(python3 -c '
import json, sys
got = set()
def walk(items):
    for it in items or []:
        for a in it.get("answer", []):
            c = a.get("valueCoding", {})
            if it.get("linkId") == "pain-sites" and c.get("system") == "http://snomed.info/sct": got.add(c.get("code"))
        walk(it.get("item"))
for e in json.load(open(sys.argv[1])).get("entry", []):
    if e["resource"]["resourceType"] == "QuestionnaireResponse": walk(e["resource"].get("item"))
print(" ".join(c for c in sys.argv[2].split() if c not in got))
' "$f" "$(cut -f1 "$OUT/places.tsv" | tr '\n' ' ')")
	if [ -z "$miss" ]; then ok "every place is exported with its SNOMED CT code"; else nok "every place is exported with its SNOMED CT code" "missing $miss"; fi
else
	nok "every place is exported with its SNOMED CT code" "no bundle written"
fi

# The audio guide: Tab through the map; every place is spoken by name.
{
	echo 'hold 400 300 2'; echo 'expect-spoken "Audio guide on"'
	echo 'key Return'; echo 'key Return'
	echo 'expect-spoken "Tap where you hurt"'
	i=0; while [ $i -lt $((nbuttons + 12)) ]; do echo 'key Tab'; i=$((i + 1)); done
	echo "spoken $OUT/guide/spoken.txt"
} > "$OUT/guide.script"
mkdir -p "$OUT/guide"
if "$ACCORD" --headless --fixed-clock --size 800x480 --script "$OUT/guide.script" --data "$OUT/guide/data" \
	--assets assets --config tests/data/bodymap.conf > /dev/null 2> "$OUT/guide/stderr"; then
	missing=$(cut -f2 "$OUT/places.tsv" | while read -r w; do
		grep -q "^$w, button" "$OUT/guide/spoken.txt" || printf '%s; ' "$w"; done)
	if [ -z "$missing" ]; then ok "audio guide offers all $nplaces body map places by name"
	else nok "audio guide offers all body map places by name" "not spoken: $missing"; fi
else
	nok "audio guide offers all body map places by name" "$(head -4 "$OUT/guide/stderr" | tr '\n' ' ')"
fi
