# tests/lib/servers.sh - start, reuse and stop the test servers of
# tests/servers/ (Medplum's FHIR engine over HTTPS, Medplum's HL7 MLLP
# listener, plain and TLS) for any test. All on 127.0.0.1, ports chosen by
# the system. Start-up takes 4-25 s (the FHIR definitions load), so one set
# serves a whole `make test` run: tests/run.sh exports ACCORD_TEST_SERVERS
# (the directory) and ACCORD_TEST_RUN_PID (the servers exit when that
# process is gone), and stops them at the end. See tests/servers/README.md.
#
# From a shell test:   . tests/lib/servers.sh
#                      servers_start build/test-out/mytest || fail
#   sets FHIR_URL (https://127.0.0.1:PORT/), FHIR_PORT, FHIR_ROGUE_PORT,
#   FHIR_DIR, HL7_PORT, HL7_TLS_PORT, HL7_DIR, TEST_CA (the CA file the
#   kiosk must trust), TEST_CERTS; empties both servers' faults, token and
#   logs. Then: fhir_fault LINE, hl7_fault LINE, fhir_count TYPE SYSTEM|VALUE,
#   servers_stop (only stops servers this test started itself).
# From C or another language: sh tests/lib/servers.sh start DIR prints the
#   directory in use (DIR/fhir/ready holds "port rogue-port",
#   DIR/hl7/ready "port tls-port", DIR/certs/ca.pem the CA);
#   sh tests/lib/servers.sh stop DIR.

servers_alive() {   # NAME: 0 when DIR/NAME.pid is a live process
	[ -f "$SERVERS_DIR/$1.pid" ] && kill -0 "$(cat "$SERVERS_DIR/$1.pid")" 2>/dev/null
}

servers_reset() {
	rm -f "$SERVERS_DIR/fhir/faults" "$SERVERS_DIR/fhir/token" "$SERVERS_DIR/fhir/posts.log" \
		"$SERVERS_DIR/hl7/faults" "$SERVERS_DIR/hl7/mllp.log" "$SERVERS_DIR/hl7/mllp-all.log"
	rm -rf "$SERVERS_DIR/hl7/msgs"
	mkdir -p "$SERVERS_DIR/hl7/msgs"
}

servers_start() {   # DIR [PARENT_PID]
	SERVERS_DIR=${ACCORD_TEST_SERVERS:-$1}
	_parent=${ACCORD_TEST_RUN_PID:-${2:-$$}}
	_srv=tests/servers   # every test runs from the repository's top
	mkdir -p "$SERVERS_DIR/fhir" "$SERVERS_DIR/hl7"
	sh "$_srv/make_certs.sh" "$SERVERS_DIR/certs" || return 1
	_c="$SERVERS_DIR/certs"
	if ! servers_alive fhir; then
		rm -f "$SERVERS_DIR/fhir/ready"
		node "$_srv/fhir-server.js" --dir "$SERVERS_DIR/fhir" --port 0 --cert "$_c/server.pem" --key "$_c/server.key" \
			--rogue-port 0 --rogue-cert "$_c/rogue.pem" --rogue-key "$_c/rogue.key" \
			--lifetime 3600 --parent "$_parent" > "$SERVERS_DIR/fhir.log" 2>&1 &
		echo $! > "$SERVERS_DIR/fhir.pid"
	fi
	if ! servers_alive hl7; then
		rm -f "$SERVERS_DIR/hl7/ready"
		node "$_srv/hl7-server.js" --dir "$SERVERS_DIR/hl7" --port 0 --tls-port 0 --cert "$_c/server.pem" \
			--key "$_c/server.key" --lifetime 3600 --parent "$_parent" > "$SERVERS_DIR/hl7.log" 2>&1 &
		echo $! > "$SERVERS_DIR/hl7.pid"
	fi
	_i=0
	while [ ! -s "$SERVERS_DIR/fhir/ready" ] || [ ! -s "$SERVERS_DIR/hl7/ready" ]; do
		_i=$((_i + 1))
		if [ $_i -gt 900 ] || ! servers_alive fhir || ! servers_alive hl7; then
			echo "servers: did not start (see $SERVERS_DIR/fhir.log, hl7.log)" >&2
			return 1
		fi
		sleep 0.1
	done
	read -r FHIR_PORT FHIR_ROGUE_PORT < "$SERVERS_DIR/fhir/ready"
	read -r HL7_PORT HL7_TLS_PORT < "$SERVERS_DIR/hl7/ready"
	FHIR_URL="https://127.0.0.1:$FHIR_PORT/"
	FHIR_DIR="$SERVERS_DIR/fhir"
	HL7_DIR="$SERVERS_DIR/hl7"
	TEST_CERTS="$_c"
	TEST_CA="$_c/ca.pem"
	servers_reset
	return 0
}

servers_stop() {   # [DIR]: stops what servers_start started, unless run-wide
	_d=${1:-$SERVERS_DIR}
	[ -n "${ACCORD_TEST_SERVERS:-}" ] && [ -z "${1:-}" ] && return 0
	for _n in fhir hl7; do
		if [ -f "$_d/$_n.pid" ]; then
			kill "$(cat "$_d/$_n.pid")" 2>/dev/null
			rm -f "$_d/$_n.pid"
		fi
	done
	return 0
}

fhir_fault() { echo "$*" >> "$FHIR_DIR/faults"; }
hl7_fault() { echo "$*" >> "$HL7_DIR/faults"; }

# fhir_count TYPE SYSTEM|VALUE: how many TYPE resources the engine holds
# with that identifier (the engine's own search).
fhir_count() {
	curl -s --max-time 20 --cacert "$TEST_CA" -G "${FHIR_URL}$1" --data-urlencode "identifier=$2" \
		--data-urlencode "_summary=count" |
		python3 -c 'import json,sys; print(json.load(sys.stdin).get("total", -1))' 2>/dev/null || echo -1
}

case "${0##*/}" in
servers.sh)
	case "${1:-}" in
	start)
		servers_start "$2" "${3:-$PPID}" >&2 || exit 1
		echo "$SERVERS_DIR"
		;;
	stop) servers_stop "$2" ;;
	*) echo "usage: sh tests/lib/servers.sh start|stop DIR" >&2; exit 2 ;;
	esac
	;;
esac
