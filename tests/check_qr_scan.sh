#!/bin/sh
# One scan, as a clinician's phone sees it: the handoff screen's code(s) for
# a minimal, a typical and a long visit, each page photographed the way a
# phone would (the screenshot in a dark bezel, scaled to 50 %, blurred with
# sigma 1.5, turned 5 degrees, saved as JPEG quality 40) and read by two
# independent decoders (zbarimg and zxing-cpp); the pages each decoder read,
# joined, must equal the summary byte for byte. Also writes the figures
# (bytes, QR version, pages) that docs/clinicians.md shows, and fails when
# the docs are out of date (UPDATE_DOCS=1 rewrites them on purpose).
set -u
cd "$(dirname "$0")/.."
ACCORD=${ACCORD:-build/accord}
OUT=build/test-out/qr-scan
rm -rf "$OUT"; mkdir -p "$OUT"
ok() { echo "ok - $1"; }
nok() { echo "not ok - $1: $2"; }
# phone IN OUT: the phone-like degradation of a screenshot
phone() { convert "$1" -bordercolor black -border 24 -resize 50% -blur 0x1.5 -background black -rotate 5 -quality 40 "$2"; }
# read_zbar / read_zx IMAGE: the code's bytes exactly
read_zbar() { zbarimg --raw -q "$1" 2>/dev/null > "$OUT/one" && truncate -s -1 "$OUT/one" && cat "$OUT/one"; }
read_zx() { /usr/bin/python3 tests/lib/zxdecode.py "$1"; }

# visit NAME SCRIPT [CONF]: runs it to the handoff, shows the code, one PNG per page
visit() {
	mkdir -p "$OUT/$1"
	{ sed "s#\$OUT#$OUT/$1#g" "$2"; echo "show-qr"; echo "qr-info $OUT/$1/info.txt"; echo "shot-pages $OUT/$1/page"; } > "$OUT/$1/script"
	TZ=America/Chicago "$ACCORD" --headless --fixed-clock --script "$OUT/$1/script" --data "$OUT/$1/data" \
		--assets assets --config "${3:-tests/data/screens.conf}" > /dev/null 2> "$OUT/$1/stderr"
}

# the long visit: the typical one with long typed answers, accents included
long_goal="Caminar al parque con mi perro todas las mañanas y volver sin tener que sentarme a descansar en el camino"
long_q="¿Qué pasa si la farmacia no tiene mi medicina o si estoy de viaje el fin de semana y se me acaba?"
long_why="La farmacia estaba cerrada el domingo y no pude conseguir la receta a tiempo para el fin de semana"
sed -e "s/^type \"Walk my dog to the park\"$/type \"$long_goal\"/" -e "s/^type \"Can I call after hours?\"$/type \"$long_q\"/" \
    -e "s/^type \"Pharmacy closed on Sunday\"$/type \"$long_why\"/" tests/scripts/typical-visit.script > "$OUT/long-visit.script"
: > "$OUT/figures.md"
for v in minimal typical long; do
	script=tests/scripts/$v-visit.script
	[ "$v" = long ] && script=$OUT/long-visit.script
	if ! visit "$v" "$script"; then
		nok "a $v visit reaches the handoff screen and shows its code" "$(tail -2 "$OUT/$v/stderr")"
		continue
	fi
	pages=$(wc -l < "$OUT/$v/info.txt")
	bytes=$(sed 's/.*: \([0-9]*\) bytes.*/\1/' "$OUT/$v/info.txt" | awk '{ s += $1 } END { print s }')
	versions=$(sed 's/.*version \([0-9]*\).*/\1/' "$OUT/$v/info.txt" | sort -n | uniq | tr '\n' ',' | sed 's/,$//; s/,/, /g')
	echo "| $v | $bytes | $versions | $pages |" >> "$OUT/figures.md"
	for d in zbar zx; do
		: > "$OUT/$v/$d.txt"
		k=1
		while [ -f "$OUT/$v/page-$k.png" ]; do
			phone "$OUT/$v/page-$k.png" "$OUT/$v/phone-$k.jpg"
			read_$d "$OUT/$v/phone-$k.jpg" > "$OUT/$v/$d-$k.txt" || break
			sed '1s/^[0-9]*\/[0-9]* //' "$OUT/$v/$d-$k.txt" >> "$OUT/$v/$d.txt"
			k=$((k + 1))
		done
		if cmp -s "$OUT/$v/$d.txt" "$OUT/$v/summary.txt"; then
			ok "$v visit: all $pages code(s) read by $d from phone-like photos of the screen join to exactly the summary"
		else
			nok "$v visit: $d reads every code from a phone-like photo" "page $k of $pages did not decode or differs"
		fi
	done
done
# qr_payload = fhir: how many codes the JSON takes (a PEG-only kiosk, the built-in set)
{ cat tests/data/peg-only.conf; echo "qr_payload = fhir"; } > "$OUT/fhir-peg.conf"
{ cat tests/data/screens.conf; echo "qr_payload = fhir"; } > "$OUT/fhir-typical.conf"
sed -n '1,/^tap "Done"$/p' tests/scripts/full-visit.script > "$OUT/fhir-peg.script"
for v in fhir-peg fhir-typical; do
	script=$OUT/fhir-peg.script
	[ "$v" = fhir-typical ] && script=tests/scripts/typical-visit.script
	if visit "$v" "$script" "$OUT/$v.conf"; then
		bytes=$(sed 's/.*: \([0-9]*\) bytes.*/\1/' "$OUT/$v/info.txt" | awk '{ s += $1 } END { print s }')
		versions=$(sed 's/.*version \([0-9]*\).*/\1/' "$OUT/$v/info.txt" | sort -n | uniq | tr '\n' ',' | sed 's/,$//; s/,/, /g')
		echo "| $v | $bytes | $versions | $(wc -l < "$OUT/$v/info.txt") |" >> "$OUT/figures.md"
	else
		nok "qr_payload = fhir: a $v visit shows its codes" "$(tail -2 "$OUT/$v/stderr")"
	fi
done

# the figures in docs/clinicians.md are these measurements
sed -n '/^<!-- qr-figures -->$/,/^<!-- \/qr-figures -->$/p' docs/clinicians.md | grep '^| [a-z-]* | [0-9]' > "$OUT/docs-figures.md"
if [ "${UPDATE_DOCS:-}" = 1 ]; then
	awk -v f="$OUT/figures.md" '
		/^<!-- qr-figures -->$/ { print; print "| visit | bytes in the codes | QR versions | codes |"; print "|---|---|---|---|"
			while ((getline l < f) > 0) print l; skip = 1; next }
		/^<!-- \/qr-figures -->$/ { skip = 0 }
		!skip' docs/clinicians.md > "$OUT/clinicians.md" && cp "$OUT/clinicians.md" docs/clinicians.md
	cp "$OUT/figures.md" "$OUT/docs-figures.md"
fi
if cmp -s "$OUT/figures.md" "$OUT/docs-figures.md"; then
	ok "docs/clinicians.md shows the measured bytes, QR versions and codes per visit"
else
	nok "docs/clinicians.md shows the measured figures" "measured: $(tr '\n' ' ' < "$OUT/figures.md") (UPDATE_DOCS=1 sh tests/check_qr_scan.sh on purpose)"
fi
