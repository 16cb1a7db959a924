#!/bin/sh
# tests/lib/qrjoin.sh PREFIX [OUT]: decodes PREFIX-1.png, PREFIX-2.png ...
# (made by the script command shot-pages) with zbarimg, drops each page's
# "k/n " header and joins the pages; writes the text to OUT or stdout.
# Exits 1 when a page does not decode.
set -u
prefix=$1; out=${2:-/dev/stdout}
tmp=$(mktemp); : > "$tmp.all"
k=1
while [ -f "$prefix-$k.png" ]; do
	zbarimg --raw -q "$prefix-$k.png" 2>/dev/null > "$tmp" || { rm -f "$tmp" "$tmp.all"; exit 1; }
	truncate -s -1 "$tmp"                 # zbarimg's own newline
	sed '1s/^[0-9]*\/[0-9]* //' "$tmp" >> "$tmp.all"
	k=$((k + 1))
done
cat "$tmp.all" > "$out"
rm -f "$tmp" "$tmp.all"
[ $k -gt 1 ]
