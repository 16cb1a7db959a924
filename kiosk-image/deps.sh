#!/bin/sh
# kiosk-image/deps.sh - host tools for `make image` / `make image-test`, and
# the arm64 cross toolchain + -dev packages for `make deb DEB_ARCH=arm64`.
# Installs only what is missing; mounts binfmt_misc and enables qemu-aarch64
# (a sandbox may not have it mounted). Arguments: the pkg-config module
# names the program links (the Makefile's PKGS); their -dev packages are
# found on the host and installed again as :arm64.
set -eu
ARCH=${IMAGE_ARCH:-arm64}
TOOLS="mmdebstrap qemu-user-static binfmt-support arch-test dosfstools mtools
fdisk e2fsprogs xz-utils qemu-system-arm dpkg-dev gcc-aarch64-linux-gnu rauc squashfs-tools openssl
libc6-dev:$ARCH"
devs=""
for m in "$@"; do
	pc=$(pkg-config --path "$m" 2>/dev/null) || { echo "deps: no .pc for $m on the host (run make deps first)" >&2; continue; }
	p=$(dpkg -S "$pc" 2>/dev/null | head -1 | cut -d: -f1)
	[ -n "$p" ] || continue
	# a -dev package that is not Multi-Arch: same would replace the host's
	# (libsqlcipher-dev): the cross build uses its headers from the host
	# (mk/deb.mk), and the program does not link it
	[ "$(dpkg-query -W -f='${Multi-Arch}\n' "$p" 2>/dev/null | head -1)" = same ] || continue
	devs="$devs $p:$ARCH"
done
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
if ! dpkg --print-foreign-architectures | grep -qx "$ARCH"; then
	$SUDO dpkg --add-architecture "$ARCH"
	$SUDO apt-get update -q
fi
missing=""
for p in $TOOLS $devs; do
	s=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
	case "$s" in ii*) ;; *) missing="$missing $p" ;; esac
done
if [ -n "$missing" ]; then
	echo "image deps: installing:$missing"
	$SUDO apt-get update -q
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends $missing
fi
# Run arm64 maintainer scripts through qemu-user.
if [ ! -e /proc/sys/fs/binfmt_misc/register ]; then
	$SUDO mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
fi
[ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] || $SUDO update-binfmts --enable qemu-aarch64
arch-test "$ARCH" >/dev/null || { echo "deps: cannot run $ARCH binaries (arch-test $ARCH failed)" >&2; exit 1; }
