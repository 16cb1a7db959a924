#!/bin/sh
# tests/slow/bad_config.sh - the boot partition's accord.conf as a careless or
# hostile hand leaves it: huge lines, a binary file, CRLF, duplicate keys,
# values with shell and path tricks, a FIFO. The kiosk must start on the
# attract screen, report each problem with file and line, keep the defaults,
# run nothing, and never echo a file it was pointed at. A headless run must
# not read the machine's /etc/accord/accord.conf either.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/slow.sh
slow_init bad_config

# start NAME CONF: a headless kiosk with CONF as its config; must reach attract.
start() {
	printf 'expect "Touch to start"\n' >"$W/$1.script"
	timeout -k 5 60 "$ACCORD" --headless --script "$W/$1.script" --data "$W/$1.data" --assets assets \
		--config "$2" >"$W/$1.out" 2>"$W/$1.err"
}
# has NAME TEXT: stderr of run NAME holds TEXT
has() { grep -qF -- "$2" "$W/$1.err"; }

pw=$W/pwned
{
	printf 'kiosk_name = $(touch %s.1)\n' "$pw"
	printf 'clinic_name = `touch %s.2`\n' "$pw"
	printf 'data_dir = ;touch %s.3\n' "$pw"
	printf 'boot_config = ../../../etc/shadow\n'
	printf 'fhir_ca_file = /etc/passwd\n'
	printf 'fhir_client_key = /dev/zero\n'
	printf 'hl7_host = a;touch %s.4\n' "$pw"
	printf 'fhir_base_url = htps://fhir.example.org/r4\n'
	printf 'languages = en\nlanguages = en,es\n'
	printf 'idle_warn_seconds = 90; rm -rf /\n'
} >"$W/tricks.conf"
start tricks "$W/tricks.conf"; rc=$?
slow_ok $rc "a config full of shell and path tricks still starts the kiosk on the attract screen"
n=$(ls "$pw".* 2>/dev/null | wc -l)
slow_ok "$n" "nothing in a config value is executed ($n marker files)"
miss=""
for l in 3 4 5 6 7 8 10 11; do has tricks "tricks.conf:$l:" || miss="$miss $l"; done
[ -z "$miss" ]; slow_ok $? "every bad line is reported with file and line (missing:$miss)"
! grep -q '^root:' "$W/tricks.err"; slow_ok $? "a file named in the config is never echoed into the log"
[ -d "$W/tricks.data" ]; slow_ok $? "a refused data_dir keeps the command line's data directory"

# A 3 MB file, a 200,000-character line, then a good line.
{
	printf '# huge line next\nclinic_name = '
	head -c 200000 /dev/zero | tr '\0' 'x'
	printf '\nkiosk_name = after-the-long-line\n'
} >"$W/long.conf"
head -c 3000000 /dev/zero | tr '\0' '#' >"$W/huge.conf"
start long "$W/long.conf"; r1=$?
start huge "$W/huge.conf"; r2=$?
[ $r1 = 0 ] && [ $r2 = 0 ] && has long "long.conf:2: clinic_name: value is too long" && has huge "huge.conf: cannot be read: larger than"
slow_ok $? "a 200,000-character line is reported on its own line number and a 3 MB file is refused whole"

# A binary file: the program itself.
head -c 200000 "$ACCORD_PLAIN" >"$W/binary.conf"
start binary "$W/binary.conf"; rc=$?
[ $rc = 0 ] && has binary "binary.conf:" && [ "$(grep -c 'binary.conf:' "$W/binary.err")" -le 22 ]
slow_ok $? "a binary file is reported (at most 20 lines and a count) and the kiosk starts"
! grep -q "$(printf '[\001-\010\016-\037]')" "$W/binary.err"; slow_ok $? "no control characters from the file reach the log"

# CRLF and a byte-order mark: values used as written.
printf '\357\273\277clinic_name = Crlf Test Clinic\r\nkiosk_name = crlf-1\r\n' >"$W/crlf.conf"
printf 'expect "Crlf Test Clinic"\n' >"$W/crlf.script"
timeout -k 5 60 "$ACCORD" --headless --script "$W/crlf.script" --data "$W/crlf.data" --assets assets \
	--config "$W/crlf.conf" >"$W/crlf.out" 2>"$W/crlf.err"
[ $? = 0 ] && [ ! -s "$W/crlf.err" ]; slow_ok $? "a Notepad file (byte-order mark, CRLF) is read without a complaint"

# A FIFO as the config: refused at once, not waited on.
mkfifo "$W/fifo.conf"
start fifo "$W/fifo.conf"; rc=$?
[ $rc = 0 ] && has fifo "not a regular file"; slow_ok $? "a FIFO named as the config is refused without waiting"

# A headless run never reads /etc/accord/accord.conf (only where we may
# create it for the test, and remove it again).
if [ "$(id -u)" = 0 ] && [ ! -e /etc/accord ]; then
	mkdir /etc/accord && printf 'clinic_name = Machine Config Clinic\n' >/etc/accord/accord.conf
	printf 'expect-not "Machine Config Clinic"\nexpect "Touch to start"\n' >"$W/etc.script"
	timeout -k 5 60 "$ACCORD" --headless --script "$W/etc.script" --data "$W/etc.data" --assets assets \
		>"$W/etc.out" 2>"$W/etc.err"; rc=$?
	rm -rf /etc/accord
	slow_ok $rc "a headless run does not read the machine's /etc/accord/accord.conf"
else
	echo "# skipped: /etc/accord exists or not root: headless isolation not tried"
fi
slow_san_clean "$W"/*.err; slow_ok $? "no sanitizer report in any run"
