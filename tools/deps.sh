#!/bin/sh
# Install the Debian packages Accord needs to build, run and test, but only
# those that are missing. Idempotent; works as root (or through sudo).
set -eu
PKGS="build-essential pkg-config clang libclang-rt-14-dev
libsdl2-dev libsdl2-ttf-dev libpng-dev libqrencode-dev libcjson-dev libsqlcipher-dev sqlite3
libcurl4-openssl-dev libespeak-ng-dev espeak-ng-data libsodium-dev libsystemd-dev
fonts-noto-core fonts-dejavu-core
zbar-tools python3-zxing-cpp python3-pil imagemagick sox libsox-fmt-all python3 diction openssl systemd libseccomp2
$(cat tools/deps-extra.txt 2>/dev/null || true)"
missing=""
for p in $PKGS; do
	s=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
	case "$s" in ii*) ;; *) missing="$missing $p" ;; esac
done
command -v npm >/dev/null 2>&1 || missing="$missing npm"
if [ -n "$missing" ]; then
	echo "deps: installing:$missing"
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	$SUDO apt-get update -q
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends $missing
fi
# Test-only npm tools (validators), never a runtime dependency.
# Again when the lock file changed (npm ci writes node_modules/.package-lock.json).
if [ -f tests/node/package.json ] && { [ ! -d tests/node/node_modules ] ||
	[ tests/node/package-lock.json -nt tests/node/node_modules/.package-lock.json ]; }; then
	echo "deps: installing test-only npm tools"
	(cd tests/node && npm ci --no-audit --no-fund --loglevel=error)
fi
exit 0
