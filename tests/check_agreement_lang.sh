#!/bin/sh
# A refused agreement pack never falls back to another language: an English
# speaker whose pack was refused is told "not available, please ask the
# front desk" (never shown the Spanish words), goes on to the questions,
# staff are told; Spanish speakers still get their own pack.
# Uses $ACCORD (the sanitizer build under make test).
set -u
cd "$(dirname "$0")/.."
ACCORD=${ACCORD:-build/accord}
OUT=build/test-out/agreement-lang
rm -rf "$OUT"; mkdir -p "$OUT"
ok() { echo "ok - $1"; }
nok() { echo "not ok - $1: $2"; }
cp -r assets "$OUT/assets"
printf '{"id": "broken", "lang": "en", "sections": [' > "$OUT/assets/agreement/en.json"

cat > "$OUT/en.script" <<'S'
tap "Touch to start"
tap "English"
tap "Start"
expect "The care agreement is not available in English right now. Please ask the front desk about it."
expect-not "Nuestra alianza"
layout-ok
tap "Continue"
expect "Question 1 of 3"
S
if "$ACCORD" --headless --script "$OUT/en.script" --data "$OUT/data" --assets "$OUT/assets" \
	--config tests/data/agreement.conf > /dev/null 2> "$OUT/en.err"; then
	ok "English pack refused: English speakers are asked to see the front desk, never shown the Spanish pack"
else
	nok "English pack refused: English speakers are asked to see the front desk" "$(grep -v scoring "$OUT/en.err" | tail -4)"
fi
if grep -q 'No agreement pack for language "en"' "$OUT/en.err" || grep -q 'agreement: no pack for en' "$OUT/en.err"; then
	ok "staff are told which language has no agreement pack"
else
	nok "staff are told which language has no agreement pack" "$(grep agreement "$OUT/en.err" | head -3)"
fi
cat > "$OUT/es.script" <<'S'
tap "Touch to start"
tap "Español"
tap "Empezar"
expect "Nuestra alianza para cuidar su dolor"
S
if "$ACCORD" --headless --script "$OUT/es.script" --data "$OUT/data2" --assets "$OUT/assets" \
	--config tests/data/agreement.conf > /dev/null 2> "$OUT/es.err"; then
	ok "the Spanish pack still serves Spanish speakers"
else
	nok "the Spanish pack still serves Spanish speakers" "$(grep -v scoring "$OUT/es.err" | tail -4)"
fi
exit 0
