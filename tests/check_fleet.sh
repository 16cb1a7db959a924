#!/bin/sh
# Content sets from one place, without a network: `accord content` signs a
# set made from a directory (and refuses to sign broken content), the kiosk
# pulls it (here from a file:// URL, as from a USB stick), checks its
# ed25519 signature, and serves it from the data partition after a restart;
# a tampered set, a set signed by another key and a set that asks for a
# secret setting are refused; a set that breaks on the card falls back to
# the last good one. The FHIR-server half (questionnaires by canonical URL,
# heartbeat, `accord fleet`) is in check_fleet_fhir.sh.
set -u
cd "$(dirname "$0")/.."
ACCORD=${ACCORD:-build/accord}
OUT=build/test-out/fleet
rm -rf "$OUT"; mkdir -p "$OUT"
ok() { echo "ok - $1"; }
nok() { echo "not ok - $1: $2"; }
check() { if [ "$2" -eq 0 ]; then ok "$1"; else nok "$1" "$3"; fi; }

# a content source directory: the shipped strings and agreement, one visible change per version
mkset() {   # dir version attract-text [extra-settings-json]
	rm -rf "$1"; mkdir -p "$1"
	cp -r assets/agreement assets/strings "$1/"
	sed -i "s/\"attract.touch\": \"Touch to start\"/\"attract.touch\": \"$3\"/" "$1/strings/en.json"
	printf '{"version": "%s", "settings": {"clinic_name": "Fleet Test Clinic"%s}}\n' "$2" "${4:-}" > "$1/content.json"
}
shows() {   # text: the attract screen of a fresh start shows it
	printf 'expect "%s"\n' "$1" > "$OUT/expect.script"
	"$ACCORD" --headless --script "$OUT/expect.script" --data "$OUT/data" --assets assets --config "$OUT/kiosk.conf" \
		> /dev/null 2>> "$OUT/kiosk.err"
}
pull() { "$ACCORD" content pull --config "$OUT/kiosk.conf" --data "$OUT/data" > "$OUT/pull.out" 2>&1; }

"$ACCORD" content keygen "$OUT/key" > "$OUT/keygen.out" && "$ACCORD" content keygen "$OUT/other" > /dev/null
check "content keygen writes a secret key (0600) and prints the config line" \
	$([ "$(stat -c %a "$OUT/key")" = 600 ] && grep -q "^content_public_key = $(cat "$OUT/key.pub")" "$OUT/keygen.out"; echo $?) \
	"$(cat "$OUT/keygen.out")"
{
	echo "content_source = file://$PWD/$OUT/set.json"
	echo "content_public_key = $(cat "$OUT/key.pub")"
	grep '^staff_pin_hash' tests/data/staff.conf
} > "$OUT/kiosk.conf"

# broken content is never signed
mkset "$OUT/broken" b1 "Broken"
sed -i '0,/"plain":/s/"plain":/"plainx":/' "$OUT/broken/agreement/en.json"
"$ACCORD" content sign --key "$OUT/key" --out "$OUT/broken.json" "$OUT/broken" > "$OUT/broken.out" 2>&1
check "content sign refuses a set that fails the accord check rules" \
	$([ $? -ne 0 ] && [ ! -e "$OUT/broken.json" ] && grep -q "UNUSABLE.*agreement/en.json" "$OUT/broken.out"; echo $?) "$(tail -3 "$OUT/broken.out")"

# v1: signed, verified, pulled, live after a start
mkset "$OUT/v1" 2026-12-01.1 "Touch here to begin"
"$ACCORD" content sign --key "$OUT/key" --out "$OUT/set.json" "$OUT/v1" 2> "$OUT/sign.err"
"$ACCORD" content verify --pubkey "$(cat "$OUT/key.pub")" "$OUT/set.json" > "$OUT/verify.out"
check "content verify accepts the set with its public key and lists what it holds" \
	$(grep -q "^OK .*content set 2026-12-01.1, 4 files" "$OUT/verify.out" && grep -q "setting clinic_name = Fleet Test Clinic" "$OUT/verify.out"; echo $?) \
	"$(cat "$OUT/verify.out" "$OUT/sign.err")"
"$ACCORD" content verify --pubkey "$(cat "$OUT/other.pub")" "$OUT/set.json" > "$OUT/verify2.out"
check "content verify refuses the set with another public key" \
	$([ $? -eq 1 ] && grep -q "^REFUSED.*does not trust" "$OUT/verify2.out"; echo $?) "$(cat "$OUT/verify2.out")"
shows "Touch to start"
check "without a content set the kiosk serves its built-in content" $? "$(tail -3 "$OUT/kiosk.err")"
pull
check "content pull fetches, checks and stages a signed set" \
	$([ $? -eq 0 ] && grep -q "2026-12-01.1 fetched and checked" "$OUT/pull.out" && [ "$(cat "$OUT/data/content/next")" = 2026-12-01.1 ]; echo $?) \
	"$(cat "$OUT/pull.out")"
shows "Touch here to begin" && shows "Fleet Test Clinic"
check "after a restart the kiosk serves the new set's strings and settings" $? "$(tail -3 "$OUT/kiosk.err")"
check "the set that loaded is recorded as current (the last good)" \
	$([ "$(cat "$OUT/data/content/current")" = 2026-12-01.1 ] && [ ! -e "$OUT/data/content/next" ]; echo $?) "$(ls "$OUT/data/content")"
printf '%s\n' 'hold 10 10 3' 'tap "2"' 'tap "4"' 'tap "6"' 'tap "8"' 'tap "1"' 'tap "3"' 'tap "5"' 'tap "7"' 'tap "OK"' 'expect "Staff mode"' \
	'expect "Content set: 2026-12-01.1"' "shot $OUT/staff.png" > "$OUT/staff.script"
"$ACCORD" --headless --script "$OUT/staff.script" --data "$OUT/data" --assets assets --config "$OUT/kiosk.conf" \
	> /dev/null 2> "$OUT/staff.err"
check "staff mode shows which content set is live" $? "$(tail -3 "$OUT/staff.err")"
pull
check "pulling the same version again changes nothing" $(grep -q "already here" "$OUT/pull.out"; echo $?) "$(cat "$OUT/pull.out")"

# v2 tampered after signing: refused, v1 stays
mkset "$OUT/v2" 2026-12-01.2 "Version two"
"$ACCORD" content sign --key "$OUT/key" --out "$OUT/v2.json" "$OUT/v2" 2> /dev/null
python3 - "$OUT/v2.json" "$OUT/set.json" <<'PY'
import base64, json, sys
s = json.load(open(sys.argv[1]))
m = base64.b64decode(s["payload"]).decode().replace("Version two", "Version evil")
s["payload"] = base64.b64encode(m.encode()).decode()
json.dump(s, open(sys.argv[2], "w"))
PY
pull; rc=$?
check "a set changed after signing is refused and not staged" \
	$([ $rc -eq 1 ] && grep -q "signature does not match" "$OUT/pull.out" && [ ! -e "$OUT/data/content/next" ]; echo $?) "$(cat "$OUT/pull.out")"
"$ACCORD" content sign --key "$OUT/other" --out "$OUT/set.json" "$OUT/v2" 2> /dev/null
pull; rc=$?
check "a set signed by a key the kiosk does not trust is refused" \
	$([ $rc -eq 1 ] && grep -q "does not trust" "$OUT/pull.out"; echo $?) "$(cat "$OUT/pull.out")"
mkset "$OUT/v2s" 2026-12-01.2 "Version two" ', "fhir_base_url": "https://elsewhere.example/fhir"'
"$ACCORD" content sign --key "$OUT/key" --out "$OUT/set.json" "$OUT/v2s" 2> /dev/null
pull; rc=$?
check "a set that tries to change where data goes (fhir_base_url) is refused" \
	$([ $rc -eq 1 ] && grep -q "fhir_base_url may not come from the server" "$OUT/pull.out"; echo $?) "$(cat "$OUT/pull.out")"
shows "Touch here to begin"
check "after refused sets the kiosk still serves the last good set" $? "$(tail -3 "$OUT/kiosk.err")"

# v3 passes every check, then breaks on the card before it goes live: the last good set is served
mkset "$OUT/v3" 2026-12-01.3 "Version three"
"$ACCORD" content sign --key "$OUT/key" --out "$OUT/set.json" "$OUT/v3" 2> /dev/null
pull
printf '{"format": "accord-agreement/1", "trunc' > "$OUT/data/content/sets/2026-12-01.3/agreement/en.json"
: > "$OUT/kiosk.err"
shows "Touch here to begin"
check "a new set that fails to load at start-up falls back to the last good set" $? "$(tail -3 "$OUT/kiosk.err")"
check "the failed set is refused for good, with its reason kept for staff" \
	$(grep -q "content 2026-12-01.3 was refused" "$OUT/kiosk.err" && [ -s "$OUT/data/content/sets/2026-12-01.3.refused/REFUSED.txt" ] && \
	  [ "$(cat "$OUT/data/content/current")" = 2026-12-01.1 ]; echo $?) "$(ls "$OUT/data/content/sets"; tail -3 "$OUT/kiosk.err")"
pull
check "a refused version is not fetched again" $(grep -q "refused before" "$OUT/pull.out"; echo $?) "$(cat "$OUT/pull.out")"
# the live set itself damaged: the built-in content is served rather than a broken one
rm -f "$OUT/data/content/sets/2026-12-01.1/strings/en.json"
printf '{' > "$OUT/data/content/sets/2026-12-01.1/strings/en.json"
shows "Touch to start"
check "when the last good set breaks too the kiosk serves its built-in content" $? "$(tail -3 "$OUT/kiosk.err")"
