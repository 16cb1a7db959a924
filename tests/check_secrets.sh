#!/bin/sh
# Secrets off the FAT boot partition: kiosk-image's accord-move-secrets moves
# the bearer token, the client key and the Wi-Fi passphrase into the data
# partition and leaves "@stored" on the card; the app then reads the token
# from data_dir/secrets and delivers a visit to a server that demands it.
set -u
cd "$(dirname "$0")/.."
ACCORD=${ACCORD:-build/accord}
OUT=build/test-out/secrets
rm -rf "$OUT"; mkdir -p "$OUT/boot" "$OUT/data"
OUT=$(cd "$OUT" && pwd)
ok() { echo "ok - $1"; }
nok() { echo "not ok - $1: $2"; }
. tests/lib/servers.sh
servers_start "$OUT/servers" || { nok "test servers start" "see $OUT/servers"; exit 1; }
trap 'rm -f "$FHIR_DIR/token"; servers_stop' EXIT INT TERM
MOVE=kiosk-image/rootfs/usr/local/sbin/accord-move-secrets
TOKEN="tok-$(head -c 600 /dev/urandom | od -An -tx1 | tr -d ' \n' | head -c 900)"   # 904 characters
cp "$TEST_CERTS/ca.pem" "$OUT/boot/client.pem"
cp "$TEST_CERTS/server.key" "$OUT/boot/client.key"
{
	grep -v '^#' tests/data/peg-only.conf
	echo "fhir_base_url = $FHIR_URL"
	echo "fhir_ca_file = $TEST_CA"
	echo "fhir_bearer_token = $TOKEN"
} | sed 's/$/\r/' >"$OUT/boot/accord.conf"          # as Notepad saves it
printf 'hostname = k1\r\nwifi_ssid = Clinic\r\nwifi_password = correct horse battery\r\n' >"$OUT/boot/kiosk.conf"

run_move() { BOOT="$OUT/boot" SECRETS="$OUT/data/secrets" WIFI="$OUT/wifi/psk" OWNER="" REMOUNT=0 sh "$MOVE" >"$OUT/move.log" 2>&1; }
if run_move; then ok "accord-move-secrets runs on a boot partition with secrets"; else nok "accord-move-secrets runs" "$(cat "$OUT/move.log")"; fi
if ! grep -rqF "$TOKEN" "$OUT/boot" && grep -q '^fhir_bearer_token = @stored' "$OUT/boot/accord.conf" &&
   [ "$(cat "$OUT/data/secrets/fhir_bearer_token")" = "$TOKEN" ] && [ "$(stat -c %a "$OUT/data/secrets/fhir_bearer_token")" = 600 ]; then
	ok "the bearer token leaves the card (@stored) and is kept 0600 on the data partition"
else
	nok "the bearer token leaves the card" "$(grep fhir_bearer "$OUT/boot/accord.conf" | cut -c1-60)"
fi
if grep -q "^fhir_bearer_token = @stored$(printf '\r')$" "$OUT/boot/accord.conf"; then
	ok "the rewritten accord.conf keeps its CRLF line ends"
else nok "the rewritten accord.conf keeps its CRLF line ends" "CR lost"; fi
if command -v wpa_passphrase >/dev/null 2>&1; then
	if ! grep -rq 'correct horse' "$OUT/boot" "$OUT/wifi" && grep -q 'wifi_password = @stored' "$OUT/boot/kiosk.conf" &&
	   grep -q 'psk=[0-9a-f]\{64\}' "$OUT/wifi/psk"; then
		ok "the Wi-Fi passphrase leaves the card; only the derived key is kept"
	else nok "the Wi-Fi passphrase leaves the card" "$(cat "$OUT/move.log")"; fi
else
	echo "# wpa_passphrase not installed here: Wi-Fi part not tried"
fi
# The client key named on the card moves too.
printf 'fhir_client_cert = %s\r\nfhir_client_key = %s\r\n' "$OUT/boot/client.pem" "$OUT/boot/client.key" >>"$OUT/boot/accord.conf"
run_move
if [ ! -e "$OUT/boot/client.key" ] && cmp -s "$TEST_CERTS/server.key" "$OUT/data/secrets/client.key" &&
   grep -q "^fhir_client_key = $OUT/data/secrets/client.key" "$OUT/boot/accord.conf"; then
	ok "a client key on the card moves to the data partition and the config names its new place"
else nok "a client key on the card moves" "$(cat "$OUT/move.log")"; fi
sum1=$(md5sum "$OUT/boot/accord.conf" "$OUT/data/secrets/fhir_bearer_token")
run_move
if [ "$sum1" = "$(md5sum "$OUT/boot/accord.conf" "$OUT/data/secrets/fhir_bearer_token")" ] && [ ! -s "$OUT/move.log" ]; then
	ok "a second boot with nothing new changes nothing"
else nok "a second boot with nothing new changes nothing" "$(cat "$OUT/move.log")"; fi
# The app reads the token from data_dir/secrets: a server demanding it accepts the visit.
sed -i '/^fhir_client_/d' "$OUT/boot/accord.conf"
echo "$TOKEN" >"$FHIR_DIR/token"        # the engine now refuses any request without it
{ sed -n '1,/^tap "Done"$/p' tests/scripts/full-visit.script; echo 'wait-sent 20'; } >"$OUT/visit.script"
# accepted: a 2xx answer to a transaction of the visit (uuid.N), not the heartbeat
accepted() { awk '$3 ~ /^2/ && $5 ~ /^[0-9a-f-]+\.[0-9]+$/' "$FHIR_DIR/posts.log" 2>/dev/null | grep -q .; }
if "$ACCORD" --headless --script "$OUT/visit.script" --data "$OUT/data" --assets assets --config "$OUT/boot/accord.conf" \
	>"$OUT/app.out" 2>"$OUT/app.err" && accepted; then
	ok "the app reads fhir_bearer_token = @stored from the data partition and the server accepts it"
else nok "the app reads fhir_bearer_token = @stored" "$(grep -v scoring "$OUT/app.err" | tail -3)"; fi
if grep -qF "$TOKEN" "$OUT/app.out" "$OUT/app.err"; then nok "the token never appears in the app's output" "found"
else ok "the token never appears in the app's output"; fi
rm -rf "$OUT/data/secrets" && "$ACCORD" --headless --script /dev/null --data "$OUT/data" --assets assets --config "$OUT/boot/accord.conf" \
	>/dev/null 2>"$OUT/missing.err"
if grep -q "fhir_bearer_token is @stored but .*cannot be read" "$OUT/missing.err"; then
	ok "a missing stored secret is reported, not sent as the text @stored"
else nok "a missing stored secret is reported" "$(grep -v scoring "$OUT/missing.err" | head -3)"; fi
