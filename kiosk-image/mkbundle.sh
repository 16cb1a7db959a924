#!/bin/bash
# kiosk-image/mkbundle.sh - a signed RAUC update bundle from an A/B image
# build (make image AB=1). Usage:
#   mkbundle.sh WORKDIR VERSION CERT KEY KEYRING OUT.raucb
# WORKDIR/rootfs.ext4 is the new root file system (mkimage.sh keeps it for
# A/B builds); its /usr/lib/accord/bootfiles holds the slot's kernel,
# initrd and DTBs, which the post-install hook copies to the slot's
# directory on the boot partition. The bundle is verity-format, signed with
# KEY/CERT (CMS); `rauc info` checks it against KEYRING before it is kept.
set -euo pipefail
W=$1 VERSION=$2 CERT=$3 KEY=$4 KEYRING=$5 OUT=$6
HERE=$(cd "$(dirname "$0")" && pwd)
[ -s "$W/rootfs.ext4" ] || { echo "mkbundle: $W/rootfs.ext4 missing: run make image AB=1 first" >&2; exit 1; }
B=$W/bundle
rm -rf "$B" && mkdir -p "$B"
cp --sparse=always "$W/rootfs.ext4" "$B/rootfs.ext4"
install -m 0755 "$HERE/bundle-hook.sh" "$B/hook.sh"
cat >"$B/manifest.raucm" <<MANIFEST
[update]
compatible=accord-rpi-arm64
version=$VERSION
description=Accord kiosk $VERSION

[bundle]
format=verity

[hooks]
filename=hook.sh

[image.rootfs]
filename=rootfs.ext4
hooks=post-install
MANIFEST
rm -f "$OUT"
# MKSQUASHFS_ARGS: e.g. "-comp lz4" (the QEMU test: quicker to make and to
# unpack under emulation, a larger file); default mksquashfs's gzip.
rauc bundle --cert="$CERT" --key="$KEY" ${MKSQUASHFS_ARGS:+--mksquashfs-args="$MKSQUASHFS_ARGS"} "$B" "$OUT"
rauc info --keyring="$KEYRING" "$OUT" >/dev/null
sha256sum "$OUT" | sed 's|  .*/|  |' >"$OUT.sha256"
echo "mkbundle: $OUT ($(du -m "$OUT" | cut -f1) MiB), signed and checked against $KEYRING"
