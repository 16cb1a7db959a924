#!/bin/sh
# The summary as the clinician gets it, from real screenshots: a typical
# visit's answers all arrive (ticked reasons beside a typed one), the
# handoff is a snapshot (the same text and time 90 s later), the time has
# its UTC offset, accents survive the scan as UTF-8, and the ASCII option
# for old scanners marks every replaced letter.
set -u
cd "$(dirname "$0")/.."
ACCORD=${ACCORD:-build/accord}
OUT=build/test-out/summary-scan
rm -rf "$OUT"; mkdir -p "$OUT"
ok() { echo "ok - $1"; }
nok() { echo "not ok - $1: $2"; }
# run NAME SCRIPT CONF: the script with $OUT filled in, own data dir, fixed clock
run() {
	mkdir -p "$OUT/$1"
	sed "s#\$OUT#$OUT/$1#g" "$2" > "$OUT/$1/script"
	TZ=America/Chicago "$ACCORD" --headless --fixed-clock --script "$OUT/$1/script" --data "$OUT/$1/data" \
		--assets assets --config "$3" > "$OUT/$1/stdout" 2> "$OUT/$1/stderr"
}

# 1. typical visit, then 90 s on the handoff screen
{ cat tests/scripts/typical-visit.script; echo "show-qr"; echo "shot-pages \$OUT/at0"
	echo "advance 31"; echo 'expect-not "Hide the code"'; echo 'expect "Show the square code"'
	echo "advance 59"; echo "summary \$OUT/summary-90.txt"; echo "show-qr"; echo "shot-pages \$OUT/at90"; } > "$OUT/typical.script"
if run typical "$OUT/typical.script" tests/data/screens.conf; then
	s="$OUT/typical/summary.txt"
	if grep -q "Reasons: My pain was worse, I ran out, Pharmacy closed on Sunday" "$s"; then
		ok "ticked reasons and a typed 'Another reason' all reach the summary"
	else
		nok "ticked reasons and a typed 'Another reason' all reach the summary" "$(grep Reasons "$s")"
	fi
	if head -1 "$s" | grep -q "^ACCORD 2026-01-01 06:00 -06:00 lobby-1 VISIT [0-9-]*$"; then
		ok "the summary's first line has the local time with its UTC offset"
	else
		nok "the summary's first line has the local time with its UTC offset" "$(head -1 "$s")"
	fi
	sh tests/lib/qrjoin.sh "$OUT/typical/at0" "$OUT/typical/at0.txt"
	sh tests/lib/qrjoin.sh "$OUT/typical/at90" "$OUT/typical/at90.txt"
	if cmp -s "$s" "$OUT/typical/summary-90.txt" && cmp -s "$s" "$OUT/typical/at0.txt" && cmp -s "$s" "$OUT/typical/at90.txt"; then
		ok "the handoff is a snapshot: summary and QR 90 s later equal those made at Done"
	else
		nok "the handoff is a snapshot" "$(diff "$s" "$OUT/typical/at90.txt" | head -3 | tr '\n' ' ')"
	fi
	db="$OUT/typical/data/accord.db"
	if [ "$(sqlite3 "$db" "select summary from visit where completed is not null")" = "$(cat "$s")" ]; then
		ok "the stored summary (staff re-show) is the same snapshot"
	else
		nok "the stored summary (staff re-show) is the same snapshot" "differs"
	fi
else
	nok "a typical visit reaches the handoff screen" "$(tail -3 "$OUT/typical/stderr")"
fi

# 2. accents: a goal typed in Spanish survives the scan as UTF-8 (both
# decoders, from the screenshots), and the ASCII option marks what it replaced
goal="Caminar con mi perro, ¿es posible a mis 65 años?"
sed -e "s/^type \"Walk my dog to the park\"$/type \"$goal\"/" -e 's/^summary .*/&\nshow-qr\nshot-pages $OUT\/qr/' \
	tests/scripts/typical-visit.script > "$OUT/utf8.script"
if run utf8 "$OUT/utf8.script" tests/data/screens.conf && grep -q "$goal" "$OUT/utf8/summary.txt"; then
	sh tests/lib/qrjoin.sh "$OUT/utf8/qr" "$OUT/utf8/zbar.txt"
	: > "$OUT/utf8/zx.txt"
	for png in "$OUT"/utf8/qr-*.png; do
		/usr/bin/python3 tests/lib/zxdecode.py "$png" > "$OUT/utf8/one.txt" || break
		sed '1s/^[0-9]*\/[0-9]* //' "$OUT/utf8/one.txt" >> "$OUT/utf8/zx.txt"
	done
	for d in zbar zx; do
		if cmp -s "$OUT/utf8/$d.txt" "$OUT/utf8/summary.txt"; then
			ok "UTF-8 accents survive the scan ($d decodes exactly the summary, \"años\" and \"¿\" included)"
		else
			nok "UTF-8 accents survive the scan ($d)" "$(diff "$OUT/utf8/$d.txt" "$OUT/utf8/summary.txt" | head -3 | tr '\n' ' ')"
		fi
	done
else
	nok "a visit with a Spanish goal reaches the handoff screen" "$(tail -3 "$OUT/utf8/stderr")"
fi
{ cat tests/data/screens.conf; echo "qr_charset = ascii-marked"; } > "$OUT/ascii.conf"
if run ascii "$OUT/utf8.script" "$OUT/ascii.conf"; then
	s="$OUT/ascii/summary.txt"
	if ! LC_ALL=C grep -q '[^ -~]' "$s" && grep -qF 'Caminar con mi perro, {?}es posible a mis 65 a{n~}os?' "$s"; then
		ok "qr_charset = ascii-marked: plain ASCII with every replaced letter marked (a{n~}os, {?})"
	else
		nok "qr_charset = ascii-marked marks replaced letters" "$(grep -a Caminar "$s")"
	fi
else
	nok "qr_charset = ascii-marked: a visit reaches the handoff screen" "$(tail -3 "$OUT/ascii/stderr")"
fi
