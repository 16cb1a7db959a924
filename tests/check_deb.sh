#!/bin/sh
# tests/check_deb.sh - builds the .deb (make deb) and checks what it installs:
# contents, control fields, file modes, md5sums, maintainer scripts, the
# systemd unit (systemd-analyze verify), lintian errors, and the config files
# the package and the kiosk image ship (accord --check-config).
# Prints "ok - name" / "not ok - name: detail"; "#" lines are notes/skips.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
VERSION=$(cat VERSION)
ARCH=$(dpkg --print-architecture)
DEB="$BUILD/accord_${VERSION}_${ARCH}.deb"
T=$(mktemp -d "${TMPDIR:-/tmp}/check_deb.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM

ok() { echo "ok - $1"; }
nok() { echo "not ok - $1: $2"; }
check() { # check NAME DETAIL CMD... : ok when CMD succeeds
	name=$1; detail=$2; shift 2
	if "$@" >/dev/null 2>&1; then ok "$name"; else nok "$name" "$detail"; fi
}

# make deb (its log goes to the test log only on failure).
unset MAKEFLAGS MFLAGS MAKELEVEL
if make --no-print-directory deb >"$T/make.log" 2>&1 && [ -f "$DEB" ]; then
	ok "make deb builds $DEB"
else
	nok "make deb builds $DEB" "make failed"
	sed 's/^/# /' "$T/make.log" | tail -30
	exit 1
fi

dpkg-deb -c "$DEB" | awk '{print $1, $6}' | sed 's| \./| /|' >"$T/contents"
dpkg-deb -f "$DEB" >"$T/control"
has() { grep -q " $1\$" "$T/contents"; }

check "deb ships /usr/bin/accord" "missing" has /usr/bin/accord
unit=$(sed -n 's|^[^ ]* \(.*/systemd/system/accord.service\)$|\1|p' "$T/contents")
if [ -n "$unit" ]; then ok "deb ships the systemd unit ($unit)"; else nok "deb ships the systemd unit" "no */systemd/system/accord.service"; fi
check "deb ships /etc/accord/accord.conf" "missing" has /etc/accord/accord.conf
check "deb ships the man page" "missing" has /usr/share/man/man1/accord.1.gz
check "deb ships copyright and changelog.Debian.gz" "missing" \
	sh -c "grep -q ' /usr/share/doc/accord/copyright\$' '$T/contents' && grep -q ' /usr/share/doc/accord/changelog.Debian.gz\$' '$T/contents'"
missing=""
for f in $(cd assets 2>/dev/null && find . -type f ! -path '*/.*' | sed 's|^\./||' | sort); do
	has "/usr/share/accord/$f" || missing="$missing $f"
done
if [ -z "$missing" ]; then ok "deb ships every file of assets/ under /usr/share/accord"
else nok "deb ships every file of assets/ under /usr/share/accord" "missing:$missing"; fi
if grep -q ' /var/lib/accord' "$T/contents"; then
	nok "deb leaves /var/lib/accord to postinst" "shipped in data.tar (dpkg would reset its owner)"
else ok "deb leaves /var/lib/accord to postinst"; fi

field() { sed -n "s/^$1: //p" "$T/control"; }
check "control: Package accord, Version $VERSION-*, Architecture $ARCH" \
	"got $(field Package) $(field Version) $(field Architecture)" \
	sh -c "[ '$(field Package)' = accord ] && case '$(field Version)' in '$VERSION'-*) true;; *) false;; esac && [ '$(field Architecture)' = '$ARCH' ]"
deps=$(field Depends)
case "$deps" in
*libsdl2-2.0-0*) ok "control: Depends (dpkg-shlibdeps) includes libsdl2" ;;
*) nok "control: Depends (dpkg-shlibdeps) includes libsdl2" "Depends: $deps" ;;
esac
case "$deps" in
*libc6*adduser* | *adduser*libc6*) ok "control: Depends includes libc6 and adduser" ;;
*) nok "control: Depends includes libc6 and adduser" "Depends: $deps" ;;
esac
# libcurl and SQLCipher are loaded on first use (src/net/curlso.c,
# src/store/sqlso.c), so dpkg-shlibdeps cannot see them: the package must
# name them, and the program must not link them.
for p in libcurl4 libsqlcipher0; do
	case $deps in
	*"$p"*) ok "control: Depends names $p (loaded on first use)" ;;
	*) nok "control: Depends names $p (loaded on first use)" "Depends: $deps" ;;
	esac
done
needed=$(readelf -d "$BUILD/accord" | grep NEEDED)
loaded=$(LD_DEBUG=files "$BUILD/accord" --version 2>&1 | grep -o 'file=lib[a-z-]*' | sort -u | tr '\n' ' ')
case "$needed $loaded" in
*curl* | *sqlcipher* | *libcrypto*) nok "accord links neither libcurl nor SQLCipher (a start loads no network stack or database library)" "$needed $loaded" ;;
*) ok "accord links neither libcurl nor SQLCipher (a start loads no network stack or database library)" ;;
esac
check "control: Installed-Size, Maintainer, Section, Priority, Description set" "missing field" \
	sh -c "for f in Installed-Size Maintainer Section Priority Description; do grep -q \"^\$f: .\" '$T/control' || exit 1; done"

mkdir -p "$T/root" "$T/ctl"
dpkg-deb -x "$DEB" "$T/root" && dpkg-deb -e "$DEB" "$T/ctl"
check "conffiles lists /etc/accord/accord.conf" "$(cat "$T/ctl/conffiles" 2>/dev/null)" \
	grep -qx /etc/accord/accord.conf "$T/ctl/conffiles"
check "md5sums match every file" "md5sum -c failed" sh -c "cd '$T/root' && md5sum --quiet -c '$T/ctl/md5sums'"
nf=$(cd "$T/root" && find . -type f | wc -l); nm=$(wc -l <"$T/ctl/md5sums")
check "md5sums covers all $nf files" "$nm entries" [ "$nf" -eq "$nm" ]

mode() { stat -c %a "$T/root$1"; }
bad=""
[ "$(mode /usr/bin/accord)" = 755 ] || bad="$bad /usr/bin/accord=$(mode /usr/bin/accord)"
for f in $(cd "$T/root" && find . -type f ! -path ./usr/bin/accord | sed 's|^\.||'); do
	[ "$(mode "$f")" = 644 ] || bad="$bad $f=$(mode "$f")"
done
for d in $(cd "$T/root" && find . -type d | sed 's|^\.||'); do
	[ "$(mode "$d")" = 755 ] || bad="$bad $d/=$(mode "$d")"
done
for s in postinst prerm postrm; do
	[ "$(stat -c %a "$T/ctl/$s")" = 755 ] || bad="$bad DEBIAN/$s=$(stat -c %a "$T/ctl/$s")"
done
if [ -z "$bad" ]; then ok "file modes: binary and scripts 0755, files 0644, dirs 0755"
else nok "file modes: binary and scripts 0755, files 0644, dirs 0755" "$bad"; fi
owners=$(dpkg-deb -c "$DEB" | awk '$2 != "root/root"' | head -3)
check "every file owned by root:root" "$owners" [ -z "$owners" ]
if readelf -S "$T/root/usr/bin/accord" 2>/dev/null | grep -q '\.symtab'; then
	nok "binary is stripped" ".symtab present"
else ok "binary is stripped"; fi
if readelf -d "$T/root/usr/bin/accord" 2>/dev/null | grep -q 'BIND_NOW\|FLAGS.*NOW' &&
	readelf -l "$T/root/usr/bin/accord" 2>/dev/null | grep -q GNU_RELRO; then
	ok "binary is hardened (relro, bindnow)"
else nok "binary is hardened (relro, bindnow)" "no GNU_RELRO/BIND_NOW"; fi

for s in postinst prerm postrm; do
	check "DEBIAN/$s is valid sh with set -e" "sh -n failed or no set -e" \
		sh -c "sh -n '$T/ctl/$s' && grep -q '^set -e' '$T/ctl/$s'"
done
check "postinst creates user accord in video render input audio only" "see packaging/postinst" \
	sh -c "grep -q 'adduser --system' '$T/ctl/postinst' && grep -q 'for g in video render input audio; do' '$T/ctl/postinst'"
check "postinst makes /var/lib/accord 0700 accord:accord" "see packaging/postinst" \
	sh -c "grep -q 'chown accord:accord /var/lib/accord' '$T/ctl/postinst' && grep -q 'chmod 0700 /var/lib/accord' '$T/ctl/postinst'"

# systemd-analyze verify on a copy whose ExecStart points at the extracted
# binary. It exits 0 even for unknown keys, so any line naming the unit fails.
if command -v systemd-analyze >/dev/null 2>&1 && [ -n "$unit" ]; then
	sed "s|^ExecStart=/usr/bin/accord|ExecStart=$T/root/usr/bin/accord|" "$T/root$unit" >"$T/accord.service"
	systemd-analyze verify --man=no "$T/accord.service" >"$T/verify.log" 2>&1
	rc=$?
	if [ "$rc" -eq 0 ] && ! grep -q 'accord.service' "$T/verify.log"; then
		ok "systemd-analyze verify accord.service"
	else nok "systemd-analyze verify accord.service" "rc=$rc $(grep accord.service "$T/verify.log" | head -3)"; fi
	grep -v 'accord.service' "$T/verify.log" | sed 's/^/# systemd-analyze: /'
	for k in Type=notify WatchdogSec= Restart= User=accord; do
		check "unit sets $k" "missing" grep -q "^$k" "$T/accord.service"
	done
else
	echo "# systemd-analyze not installed: unit not verified"
fi

if command -v lintian >/dev/null 2>&1; then
	lintian --pedantic "$DEB" >"$T/lintian.log" 2>&1
	sed -n 's/^\([EWIPX]: .*\)/# lintian: \1/p' "$T/lintian.log"
	if grep -q '^E: ' "$T/lintian.log"; then
		nok "lintian reports no errors" "$(grep '^E: ' "$T/lintian.log" | head -3 | tr '\n' ' ')"
	else ok "lintian reports no errors"; fi
else
	echo "# lintian not installed: skipped"
fi

# Config files: every key the program knows is in the hand-written sample,
# and the shipped files parse (only if this build has the options).
BIN="$T/root/usr/bin/accord"
if "$BIN" --help 2>&1 | grep -q -- --print-config; then
	SDL_VIDEODRIVER=offscreen "$BIN" --print-config >"$T/print.conf" 2>/dev/null
	miss=""
	for k in $(sed -n 's/^#* *\([a-z_][a-z0-9_]*\) *=.*/\1/p' "$T/print.conf"); do
		grep -q "^#* *$k *=" packaging/accord.conf || miss="$miss $k"
	done
	# The package ships --print-config's output; the hand-written sample is
	# the fallback, so a key it lacks is a note, not a failure.
	if [ -z "$miss" ]; then ok "packaging/accord.conf lists every key of accord --print-config"
	else echo "# packaging/accord.conf (fallback sample) lacks keys:$miss"; fi
else echo "# accord has no --print-config: key list not compared"; fi
if "$BIN" --help 2>&1 | grep -q -- --check-config; then
	for c in "$T/root/etc/accord/accord.conf" packaging/accord.conf kiosk-image/boot/accord.conf; do
		[ -f "$c" ] || continue
		if out=$(SDL_VIDEODRIVER=offscreen "$BIN" --check-config "$c" 2>&1); then
			ok "accord --check-config ${c#"$T/root"}"
		else nok "accord --check-config ${c#"$T/root"}" "$(echo "$out" | head -3 | tr '\n' ' ')"; fi
	done
	# The image writes the boot partition's files with DOS line ends.
	sed 's/$/\r/' kiosk-image/boot/accord.conf >"$T/crlf.conf"
	if out=$(SDL_VIDEODRIVER=offscreen "$BIN" --check-config "$T/crlf.conf" 2>&1); then
		ok "accord --check-config kiosk-image/boot/accord.conf with CRLF line ends"
	else nok "accord --check-config kiosk-image/boot/accord.conf with CRLF line ends" "$(echo "$out" | head -3 | tr '\n' ' ')"; fi
else echo "# accord has no --check-config: shipped configs not parsed"; fi
exit 0
