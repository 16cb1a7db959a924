#!/bin/sh
# make bench-deps: what `make bench` needs beyond `make deps` (never installed by
# make deps: the appliance and its tests do not need a browser). Only what is
# missing is installed; idempotent.
set -eu
PKGS="chromium matchbox-window-manager xvfb x11-utils libx11-dev libxtst-dev valgrind time python3 fonts-dejavu-core"
missing=""
for p in $PKGS; do
	s=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
	case "$s" in ii*) ;; *) missing="$missing $p" ;; esac
done
[ -z "$missing" ] && exit 0
echo "bench-deps: installing:$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends $missing
