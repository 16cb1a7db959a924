#!/bin/sh
# Network handoff from the whole app: headless visits complete, the outbox
# sender (its own thread) delivers the FHIR Bundle over HTTPS to a real local
# server and the ORU over MLLP, exactly once, also when the server is down at
# first and the app is restarted in between. Servers: 127.0.0.1 only, started
# and stopped here, each with a lifetime.
set -u
cd "$(dirname "$0")/.."
ACCORD=${ACCORD:-build/accord}
OUT=build/test-out/handoff
rm -rf "$OUT"; mkdir -p "$OUT/srv" "$OUT/mllp"
ok() { echo "ok - $1"; }
nok() { echo "not ok - $1: $2"; }
pids=""
trap 'for p in $pids; do kill $p 2>/dev/null; done' EXIT INT TERM
sh tests/servers/make_certs.sh "$OUT/certs" || { nok "test certificates" "openssl failed"; exit 0; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
fport=$(free_port); mport=$(free_port)
{
	cat tests/data/peg-only.conf
	echo "fhir_base_url = https://127.0.0.1:$fport/"
	echo "fhir_ca_file = $OUT/certs/ca.pem"
	echo "hl7_host = 127.0.0.1"
	echo "hl7_port = $mport"
} > "$OUT/net.conf"
visit() {   # name extra-script-lines
	{ sed -n '1,/^tap "Done"$/p' tests/scripts/full-visit.script; echo 'summary '"$OUT/$1.summary"; printf '%b' "$2"; } > "$OUT/$1.script"
	"$ACCORD" --headless --script "$OUT/$1.script" --data "$OUT/data" --assets assets --config "$OUT/net.conf" \
		> /dev/null 2> "$OUT/$1.err"
}
start_servers() {
	rm -f "$OUT/srv/ready" "$OUT/mllp/ready"
	python3 tests/servers/fhir_server.py --dir "$OUT/srv" --port "$fport" --cert "$OUT/certs/server.pem" \
		--key "$OUT/certs/server.key" --lifetime 60 & pids="$pids $!"
	python3 tests/servers/mllp_server.py --dir "$OUT/mllp" --port "$mport" --lifetime 60 & pids="$pids $!"
	i=0; while [ ! -f "$OUT/srv/ready" ] || [ ! -f "$OUT/mllp/ready" ]; do i=$((i + 1)); [ $i -gt 100 ] && break; sleep 0.1; done
}

# 1. servers down: the visit completes anyway and waits in the outbox
if visit first "" && [ "$(sqlite3 "$OUT/data/accord.db" "select count(*) from outbox where state != 'sent'")" = 2 ]; then
	ok "with the clinic server down a completed visit waits in the outbox (FHIR and HL7)"
else
	nok "with the clinic server down a completed visit waits in the outbox (FHIR and HL7)" "$(tail -3 "$OUT/first.err")"
fi
# 2. servers up, app restarted: the waiting visit and a new one are delivered, in order
start_servers
if visit second 'wait-sent 20\n'; then
	ok "after a restart the waiting visit and the next one are delivered over HTTPS and MLLP"
else
	nok "after a restart the waiting visit and the next one are delivered over HTTPS and MLLP" "$(grep -v scoring "$OUT/second.err" | tail -3)"
fi
uuids=$(sqlite3 "$OUT/data/accord.db" "select uuid from visit order by completed, rowid" | tr '\n' ' ')
created=$(cut -d' ' -f1 "$OUT/srv/created.log" 2>/dev/null | tr '\n' ' ')
if [ -n "$created" ] && [ "$(echo $created)" = "$(echo $uuids)" ]; then
	ok "each visit's Bundle arrived exactly once and in order"
else
	nok "each visit's Bundle arrived exactly once and in order" "created: $created; visits: $uuids"
fi
if [ "$(wc -l < "$OUT/mllp/mllp.log" 2>/dev/null)" = 2 ]; then ok "each visit's ORU^R01 was acknowledged once"
else nok "each visit's ORU^R01 was acknowledged once" "$(cat "$OUT/mllp/mllp.log" 2>/dev/null)"; fi
# 3. running again sends nothing twice
printf 'wait-sent 5\n' > "$OUT/idle.script"
"$ACCORD" --headless --script "$OUT/idle.script" --data "$OUT/data" --assets assets --config "$OUT/net.conf" > /dev/null 2>&1
sleep 1
if [ "$(wc -l < "$OUT/srv/created.log")" = 2 ] && [ "$(wc -l < "$OUT/srv/posts.log")" -le 3 ]; then
	ok "a later start sends nothing again"
else
	nok "a later start sends nothing again" "$(cat "$OUT/srv/posts.log")"
fi
if grep -hE "P7|PEG" "$OUT"/*.err > /dev/null; then nok "no patient answers in the logs of a networked visit" "found"
else ok "no patient answers in the logs of a networked visit"; fi
