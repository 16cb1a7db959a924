#!/bin/bash
# kiosk-image/mkimage.sh - the SD card image from the root tree made by
# mkroot.sh, on plain files: no loop devices, no mounts. Usage:
#   mkimage.sh WORKDIR IMAGE.img.xz
# WORKDIR holds root/ (from mkroot.sh); it gets firmware/, boot/, data/, the partition
# files, disk.img, and vmlinuz + initrd.img for booting in QEMU.
# Layout (MBR): 1 FAT32 "ACCORD-BOOT" (firmware, kernel, DTBs, settings),
# 2 ext4 "ACCORD-ROOT" (read-only at run time), 3 ext4 "ACCORD-DATA"
# (visits; grown to fill the card on first boot).
set -euo pipefail
W=$(realpath "$1")
OUTXZ=$2
HERE=$(cd "$(dirname "$0")" && pwd)
R=$W/root
BOOT_MB=${BOOT_MB:-256}
DATA_MB=${DATA_MB:-128}
[ -d "$R/boot/firmware" ] || { echo "mkimage: $R is not a kiosk root (run mkroot.sh)" >&2; exit 1; }

kver=$(cd "$R/boot" && ls vmlinuz-* | sed 's/^vmlinuz-//' | sort -V | tail -1)
echo "mkimage: kernel $kver"

# Boot partition: what raspi-firmware put in /boot/firmware (GPU firmware,
# kernel, initrd, DTBs), our cmdline.txt, config.txt additions, settings.
# The FAT partition is mounted over /boot/firmware: its files move out of
# the root tree to WORKDIR/firmware (so mkimage.sh can run again).
if [ -n "$(ls -A "$R/boot/firmware")" ]; then
	rm -rf "$W/firmware" && mkdir -p "$W/firmware"
	cp -a "$R/boot/firmware/." "$W/firmware/"
	find "$R/boot/firmware" -mindepth 1 -delete
fi
rm -rf "$W/boot" && mkdir -p "$W/boot"
cp -a "$W/firmware/." "$W/boot/"
[ -f "$W/boot/config.txt" ] || { echo "mkimage: raspi-firmware made no config.txt" >&2; exit 1; }
{ cat "$W/boot/config.txt"; echo; cat "$HERE/boot/config-kiosk.txt"; } >"$W/boot/config.txt.new"
mv "$W/boot/config.txt.new" "$W/boot/config.txt"
tr -s ' \n' ' ' <"$HERE/boot/cmdline.txt" | sed 's/ *$//' >"$W/boot/cmdline.txt"
echo >>"$W/boot/cmdline.txt"
cp "$HERE/boot/accord.conf" "$HERE/boot/kiosk.conf" "$HERE/boot/README.txt" "$W/boot/"
# DOS line ends: the files are meant to be edited on any PC.
for f in accord.conf kiosk.conf README.txt; do sed -i 's/\r*$/\r/' "$W/boot/$f"; done
cp "$R/boot/vmlinuz-$kver" "$W/vmlinuz"
cp "$R/boot/initrd.img-$kver" "$W/initrd.img"
# A/B images (AB=1, updates with RAUC): each slot's kernel, initrd, DTBs and
# cmdline.txt live in slot-a/ or slot-b/ on the boot partition; config.txt
# includes slot.txt (os_prefix=slot-a/), which accord-rauc-boot switches.
# The root tree keeps a copy of them in /usr/lib/accord/bootfiles, so an
# update bundle carries its own (copied into the slot's directory by the
# bundle's post-install hook).
# The disk identifier of every A/B image: RAUC's slots and root= name the
# partitions as PARTUUID=<id>-02/-03 (kiosk-image/rootfs/etc/rauc/system.conf).
AB_DISK_ID=acc0d0a5
if [ "${AB:-0}" = 1 ]; then
	# Fixed names (vmlinuz, initrd.img) in every slot: config.txt is shared by
	# both slots, and a bundle may bring another kernel version.
	B=$R/usr/lib/accord/bootfiles
	rm -rf "$B" && mkdir -p "$B"
	cp "$W/firmware/vmlinuz-$kver" "$B/vmlinuz"
	cp "$W/firmware/initrd.img-$kver" "$B/initrd.img"
	(cd "$W/firmware" && cp -a ./*.dtb "$B/" && { [ ! -d overlays ] || cp -a overlays "$B/"; })
	for s in a b; do
		mkdir -p "$W/boot/slot-$s"
		cp -a "$B/." "$W/boot/slot-$s/"
		# root by partition (the label travels with a bundle's image), and
		# the slot's name for RAUC and accord-rauc-boot
		n=2; [ $s = a ] || n=3
		sed "s/root=LABEL=ACCORD-ROOT /root=PARTUUID=$AB_DISK_ID-0$n rauc.slot=$(echo $s | tr ab AB) /" "$W/boot/cmdline.txt" >"$W/boot/slot-$s/cmdline.txt"
		grep -q "rauc.slot=" "$W/boot/slot-$s/cmdline.txt" || { echo "mkimage: no root=LABEL=ACCORD-ROOT in cmdline.txt" >&2; exit 1; }
	done
	(cd "$W/boot" && rm -f vmlinuz* initrd.img* ./*.dtb cmdline.txt && rm -rf overlays)
	sed -i 's/^kernel=.*/kernel=vmlinuz/; s/^initramfs .*/initramfs initrd.img/' "$W/boot/config.txt"
	grep -qx 'kernel=vmlinuz' "$W/boot/config.txt" || { echo "mkimage: config.txt names no kernel=" >&2; exit 1; }
	printf '\n[all]\ninclude slot.txt\n' >>"$W/boot/config.txt"
	echo "os_prefix=slot-a/" >"$W/boot/slot.txt"
	# the same root image goes into either slot: / is found by root= on the slot's cmdline
	sed -i 's|^LABEL=ACCORD-ROOT .*|/dev/root           /                          ext4   ro,noatime,errors=remount-ro        0 0|' "$R/etc/fstab"
fi

# Data partition: the app's directory (0700, owned by accord), clock file,
# SSH host key (only if SSH is turned on).
uid=$(awk -F: '$1 == "accord" {print $3}' "$R/etc/passwd")
gid=$(awk -F: '$1 == "accord" {print $3}' "$R/etc/group")
[ -n "$uid" ] && [ -n "$gid" ] || { echo "mkimage: no accord user in the root" >&2; exit 1; }
rm -rf "$W/data" && mkdir -p "$W/data/accord" "$W/data/timesync" "$W/data/ssh" "$W/data/rauc"
chown "$uid:$gid" "$W/data/accord" && chmod 0700 "$W/data/accord" "$W/data/ssh"

# File systems as files.
root_mb=$(( $(du -sm "$R" | cut -f1) * 115 / 100 + 128 ))
rm -f "$W/boot.vfat" "$W/root.ext4" "$W/data.ext4"
truncate -s "${BOOT_MB}M" "$W/boot.vfat"
mkfs.vfat -F 32 -n ACCORD-BOOT "$W/boot.vfat" >/dev/null
mcopy -i "$W/boot.vfat" -s -p -m "$W/boot/"* ::/
if [ "${AB:-0}" = 1 ]; then
	mkfs.ext4 -q -F -L ACCORD-ROOT-A -m 0 -d "$R" -E root_owner=0:0 "$W/root.ext4" "${root_mb}M"
	cp --sparse=always "$W/root.ext4" "$W/rootb.ext4" && e2label "$W/rootb.ext4" ACCORD-ROOT-B
	cp --sparse=always "$W/root.ext4" "$W/rootfs.ext4"   # kept for make bundle
else
	mkfs.ext4 -q -F -L ACCORD-ROOT -m 0 -d "$R" -E root_owner=0:0 "$W/root.ext4" "${root_mb}M"
fi
mkfs.ext4 -q -F -L ACCORD-DATA -m 1 -d "$W/data" -E root_owner=0:0 "$W/data.ext4" "${DATA_MB}M"

# Disk: MBR, partition 1 at 4 MiB (sector 8192), then root, then data.
s_boot=8192
s_root=$((s_boot + BOOT_MB * 2048))
s_rootb=$((s_root + root_mb * 2048))
s_data=$s_rootb
[ "${AB:-0}" = 1 ] && s_data=$((s_rootb + root_mb * 2048))
total=$((s_data + DATA_MB * 2048))
IMG=$W/disk.img
rm -f "$IMG" && truncate -s $((total * 512)) "$IMG"
{
	printf 'label: dos\nunit: sectors\n'
	[ "${AB:-0}" != 1 ] || printf 'label-id: 0x%s\n' $AB_DISK_ID
	printf 'start=%s, size=%s, type=c, bootable\n' $s_boot $((BOOT_MB * 2048))
	printf 'start=%s, size=%s, type=83\n' $s_root $((root_mb * 2048))
	[ "${AB:-0}" != 1 ] || printf 'start=%s, size=%s, type=83\n' $s_rootb $((root_mb * 2048))
	printf 'start=%s, size=%s, type=83\n' $s_data $((DATA_MB * 2048))
} | sfdisk -q "$IMG"
dd if="$W/boot.vfat" of="$IMG" bs=1M seek=$((s_boot / 2048)) conv=notrunc,sparse status=none
dd if="$W/root.ext4" of="$IMG" bs=1M seek=$((s_root / 2048)) conv=notrunc,sparse status=none
[ "${AB:-0}" != 1 ] || dd if="$W/rootb.ext4" of="$IMG" bs=1M seek=$((s_rootb / 2048)) conv=notrunc,sparse status=none
dd if="$W/data.ext4" of="$IMG" bs=1M seek=$((s_data / 2048)) conv=notrunc,sparse status=none
rm -f "$W/boot.vfat" "$W/root.ext4" "$W/rootb.ext4" "$W/data.ext4"
echo "mkimage: $IMG $((total / 2048)) MiB (boot $BOOT_MB, root $root_mb, data $DATA_MB MiB)"

# Compressed image + checksum next to it. XZ_LEVEL 0 (default) takes about
# a third of the time of -3 for ~10 % more bytes; use 6 for a release.
# XZ_LEVEL=none: no .img.xz (test runs that boot disk.img only).
[ "${XZ_LEVEL:-0}" != none ] || { echo "mkimage: XZ_LEVEL=none: no $OUTXZ"; exit 0; }
xz -T0 "-${XZ_LEVEL:-0}" -c "$IMG" >"$OUTXZ.tmp" && mv "$OUTXZ.tmp" "$OUTXZ"
(cd "$(dirname "$OUTXZ")" && sha256sum "$(basename "$OUTXZ")" >"$(basename "$OUTXZ").sha256")
echo "mkimage: $OUTXZ ($(du -m "$OUTXZ" | cut -f1) MiB)"
