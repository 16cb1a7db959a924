#!/bin/sh
# Read-aloud: every screen's text, synthesised with espeak-ng in the visit's
# language, is non-silent and plausibly long for its words (sox measures).
set -u
cd "$(dirname "$0")/.."
BIN=${ACCORD:-build/accord}
OUT=build/test-out/read-aloud
rm -rf "$OUT"; mkdir -p "$OUT"
sed "s#\$OUT#$OUT#g" tests/scripts/read-aloud.script > "$OUT/script"
if ! "$BIN" --headless --script "$OUT/script" --data "$OUT/data" --assets assets --config tests/data/screens.conf \
	> /dev/null 2> "$OUT/err"; then
	echo "not ok - read-aloud tour runs: $(grep -v 'scoring\|complete' "$OUT/err" | head -3 | tr '\n' ' ')"
	exit 0
fi
for name in attract intro-es clause-es clause-en question-en; do
	wav="$OUT/$name.wav"
	words=$(wc -w < "$OUT/$name.txt")
	len=$(sox "$wav" -n stat 2>&1 | awk '/^Length/ {print $3}')
	rms=$(sox "$wav" -n stat 2>&1 | awk '/^RMS +amplitude/ {print $3}')
	# at 160 words a minute: between 0.2 and 1.0 s a word, and clearly not silence
	if awk -v l="$len" -v w="$words" -v r="$rms" 'BEGIN { exit !(w > 0 && l >= 0.2 * w && l <= 1.0 * w && r > 0.02) }'; then
		echo "ok - read-aloud of the $name screen is speech of a plausible length ($words words, ${len}s)"
	else
		echo "not ok - read-aloud of the $name screen is speech of a plausible length: $words words, ${len}s, rms $rms"
	fi
done
if grep -q "Le escuchamos\|Vamos a escucharle" "$OUT/clause-es.txt" && grep -q "We listen" "$OUT/clause-en.txt"; then
	echo "ok - read-aloud follows the visit's language when it is switched"
else
	echo "not ok - read-aloud follows the visit's language when it is switched"
fi

# every screen of the screenshot tour, both languages: each one's read-aloud
# text synthesised and measured the same way
for lang in en es; do
	case $lang in en) name=English ;; es) name="Español" ;; esac
	d="$OUT/tour-$lang"; mkdir -p "$d"
	sed -e 's#^shot @DIR@/\([a-z-]*\)-@LANG@-@SIZE@.png#speak-wav '"$d"'/\1.wav\nspeech '"$d"'/\1.txt#' \
	    -e "s#@DIR@#$d#g" -e "s#@LANG@#$lang#g" -e 's#@SIZE@#800x480#g' -e "s#@LANGNAME@#$name#g" \
	    tests/scripts/screens.script.in > "$d/script"
	if ! "$BIN" --headless --fixed-clock --script "$d/script" --data "$d/data" --assets assets \
		--config tests/data/screens.conf > /dev/null 2> "$d/err"; then
		echo "not ok - read-aloud of every screen ($lang): $(grep -v 'scoring\|complete' "$d/err" | head -2 | tr '\n' ' ')"
		continue
	fi
	n=0; bad=""
	for wav in "$d"/*.wav; do
		base=${wav%.wav}
		words=$(wc -w < "$base.txt")
		len=$(sox "$wav" -n stat 2>&1 | awk '/^Length/ {print $3}')
		rms=$(sox "$wav" -n stat 2>&1 | awk '/^RMS +amplitude/ {print $3}')
		awk -v l="$len" -v w="$words" -v r="$rms" 'BEGIN { exit !(w > 0 && l >= 0.2 * w && l <= 1.0 * w && r > 0.02) }' ||
			bad="$bad $(basename "$base")(${words}w ${len}s)"
		n=$((n + 1))
	done
	if [ -z "$bad" ] && [ "$n" -ge 15 ]; then
		echo "ok - read-aloud of every screen of a visit in $lang ($n screens) is speech of a plausible length"
	else
		echo "not ok - read-aloud of every screen of a visit in $lang: $n screens;$bad"
	fi
done

