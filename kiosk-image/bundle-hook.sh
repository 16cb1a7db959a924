#!/bin/sh
# kiosk-image/bundle-hook.sh - RAUC hook inside every update bundle.
# slot-post-install (rootfs): the new root is mounted at
# RAUC_SLOT_MOUNT_POINT; copy its kernel, initrd and DTBs to the slot's
# directory on the boot partition, keeping the slot's cmdline.txt, so the
# firmware boots the new kernel with the new root. The old slot's files are
# not touched: a rollback boots exactly what ran before.
set -eu
case "$1" in
slot-post-install)
	[ "$RAUC_SLOT_CLASS" = rootfs ] || exit 0
	BOOT=${ACCORD_BOOT_DIR:-/boot/firmware}
	slot=$(echo "$RAUC_SLOT_BOOTNAME" | tr 'AB' 'ab')
	src=$RAUC_SLOT_MOUNT_POINT/usr/lib/accord/bootfiles
	[ -d "$src" ] || { echo "bundle-hook: $src missing" >&2; exit 1; }
	# The image was made as ACCORD-ROOT-A; name the file system after its slot
	# (for people reading blkid; nothing boots by this label).
	e2label "$RAUC_SLOT_DEVICE" "ACCORD-ROOT-$RAUC_SLOT_BOOTNAME"
	remounted=""
	if ! touch "$BOOT/.w" 2>/dev/null; then mount -o remount,rw "$BOOT"; remounted=1; else rm -f "$BOOT/.w"; fi
	rm -rf "$BOOT/slot-$slot.new" && mkdir -p "$BOOT/slot-$slot.new"
	cp -r "$src/." "$BOOT/slot-$slot.new/"
	# the slot's own command line (root=PARTUUID=...-0N rauc.slot=X) is kept
	cp "$BOOT/slot-$slot/cmdline.txt" "$BOOT/slot-$slot.new/cmdline.txt"
	grep -q "rauc.slot=$RAUC_SLOT_BOOTNAME " "$BOOT/slot-$slot.new/cmdline.txt" ||
		{ echo "bundle-hook: slot-$slot/cmdline.txt does not name slot $RAUC_SLOT_BOOTNAME" >&2; exit 1; }
	rm -rf "$BOOT/slot-$slot" && mv "$BOOT/slot-$slot.new" "$BOOT/slot-$slot"
	sync
	[ -z "$remounted" ] || mount -o remount,ro "$BOOT"
	;;
esac
exit 0
