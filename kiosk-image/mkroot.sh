#!/bin/bash
# kiosk-image/mkroot.sh - the arm64 root file system of the kiosk, as a
# directory, from Debian packages only (mmdebstrap + qemu-user, no loop
# devices, no mounts of the host). Usage:
#   mkroot.sh DEB OUTDIR
# DEB is the arm64 accord .deb; OUTDIR/root is made (replaced). Environment:
#   SUITE        bookworm (default) or trixie - see kiosk-image/README.md
#   MIRROR       Debian archive URL; default: the host's own apt sources
#   SECURITY     Debian security archive URL; default: the host's apt sources
#   CACHE        .deb cache directory (default OUTDIR/../image-cache)
#   FRESH=1      always run mmdebstrap (default: reuse OUTDIR/root when the
#                package set, suite and these scripts are unchanged; then only
#                the accord .deb is installed again and customize.sh re-run)
set -euo pipefail
DEB=$(realpath "$1")
OUT=$2
HERE=$(cd "$(dirname "$0")" && pwd)
SUITE=${SUITE:-bookworm}
CACHE=$(realpath -m "${CACHE:-$OUT/../image-cache/$SUITE}")

# The archive the host already uses (never written into the repository).
uris=$(apt-get indextargets --format '$(REPO_URI)' 2>/dev/null | sort -u || true)
MIRROR=${MIRROR:-$(echo "$uris" | grep -v -- '-security' | grep -m1 '/debian/\?$' || true)}
SECURITY=${SECURITY:-$(echo "$uris" | grep -m1 -- '-security/\?$' || true)}
[ -n "$MIRROR" ] || { echo "mkroot: no Debian archive in the host's apt sources; set MIRROR=" >&2; exit 1; }
sources=("deb $MIRROR $SUITE main non-free-firmware" "deb $MIRROR $SUITE-updates main non-free-firmware")
[ -n "$SECURITY" ] && sources+=("deb $SECURITY $SUITE-security main non-free-firmware")

# What the kiosk runs. Kept short: every package is emulated at install time.
# The accord .deb's Depends are installed with the rest; the .deb itself by
# dpkg in a customize hook (apt in the chroot cannot see a local .deb given
# to --include, and has no DNS there once systemd-resolved is installed).
PKGS=(
	# boot: kernel, Pi firmware + DTBs, init
	linux-image-arm64 raspi-firmware initramfs-tools kmod systemd systemd-sysv udev
	# file systems: grow the data partition, check the FAT one
	e2fsprogs fdisk dosfstools
	# network, time, TLS, name resolution, Wi-Fi (Pi 3/4 firmware), opt-in SSH
	systemd-timesyncd systemd-resolved ca-certificates tzdata iproute2
	wpasupplicant firmware-brcm80211 openssh-server
	# the app's run time beyond its Depends: GL for SDL's KMSDRM backend,
	# fonts, speech data, ALSA tools (mixer level)
	libgl1-mesa-dri libegl1 libgles2 fonts-noto-core fonts-dejavu-core
	espeak-ng-data alsa-utils
	# A/B updates (AB=1 only)
	$([ "${AB:-0}" = 1 ] && echo rauc rauc-service curl)
	# what the accord .deb needs (first of any alternatives, no versions)
	$(dpkg-deb -f "$DEB" Depends | tr ',' '\n' | sed 's/|.*//; s/(.*)//; s/[[:space:]]//g' | grep .)
)

# initramfs: only the modules needed to find the root file system (the
# default MODULES=most costs ~8 minutes under emulation, twice).
setup_initramfs='mkdir -p "$1/etc/initramfs-tools/conf.d" "$1/usr/share/initramfs-tools/modules.d"
	echo "MODULES=list" >"$1/etc/initramfs-tools/conf.d/accord-kiosk"
	cp "'"$HERE"'/initramfs-modules" "$1/usr/share/initramfs-tools/modules.d/accord-kiosk"'

# What the tree is made of; a tree made of the same is reused (the emulated
# package configuration is ~10 minutes of a build).
key=$({ printf '%s\n' "$SUITE" "${AB:-0}" "$MIRROR" "$SECURITY" "${PKGS[@]}"; cat "$0" "$HERE/initramfs-modules"; } | sha256sum | cut -c1-16)
if [ "${FRESH:-0}" != 1 ] && [ -d "$OUT/root/usr/bin" ] && [ "$(cat "$OUT/root.key" 2>/dev/null)" = "$key" ]; then
	echo "mkroot: reusing $OUT/root (same packages; FRESH=1 to rebuild); installing $(basename "$DEB")"
	cp "$DEB" "$OUT/root/tmp/"
	chroot "$OUT/root" dpkg -i "/tmp/$(basename "$DEB")" >/dev/null
	rm -f "$OUT/root/tmp/$(basename "$DEB")"
	"$HERE/customize.sh" "$OUT/root"
	exit 0
fi
mkdir -p "$CACHE" "$OUT"
rm -rf "$OUT/root" "$OUT/root.key"
# Excluding docs keeps copyright files (license duty).
mmdebstrap --architectures=arm64 --variant=minbase \
	--components="main non-free-firmware" \
	--include="$(IFS=,; echo "${PKGS[*]}")" \
	--dpkgopt='path-exclude=/usr/share/man/*' \
	--dpkgopt='path-exclude=/usr/share/doc/*' \
	--dpkgopt='path-include=/usr/share/doc/*/copyright' \
	--dpkgopt='path-exclude=/usr/share/info/*' \
	--dpkgopt='path-exclude=/usr/share/lintian/*' \
	--dpkgopt='path-exclude=/usr/share/locale/*' \
	--dpkgopt='path-include=/usr/share/locale/locale.alias' \
	--hook-dir=/usr/share/mmdebstrap/hooks/eatmydata \
	--skip=download/empty --skip=essential/unlink \
	--setup-hook='mkdir -p "$1/var/cache/apt/archives/"' \
	--setup-hook="sync-in '$CACHE' /var/cache/apt/archives/" \
	--setup-hook="$setup_initramfs" \
	--customize-hook="sync-out /var/cache/apt/archives '$CACHE'" \
	--customize-hook="copy-in '$DEB' /tmp" \
	--customize-hook="chroot \"\$1\" dpkg -i /tmp/$(basename "$DEB")" \
	--customize-hook='rm -f "$1"/tmp/*.deb' \
	"$SUITE" "$OUT/root" "${sources[@]}"
rm -f "$CACHE/lock"; rm -rf "$CACHE/partial"
echo "$key" >"$OUT/root.key"
# Kiosk settings (outside mmdebstrap, so a failure here keeps the tree).
"$HERE/customize.sh" "$OUT/root"
