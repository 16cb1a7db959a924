#!/bin/sh
# kiosk-image/bundle-hook.sh - RAUC hook inside every update bundle.
# slot-post-install (rootfs): the new root is mounted at
# RAUC_SLOT_MOUNT_POINT; copy its kernel, initrd and DTBs to the slot's
# directory on the boot partition and write the slot's cmdline.txt, so the
# firmware boots the new kernel with the new root. The old slot's files are
# not touched: a rollback boots exactly what ran before.
set -eu
case "$1" in
slot-post-install)
	[ "$RAUC_SLOT_CLASS" = rootfs ] || exit 0
	BOOT=/boot/firmware
	slot=$(echo "$RAUC_SLOT_BOOTNAME" | tr 'AB' 'ab')
	src=$RAUC_SLOT_MOUNT_POINT/usr/lib/accord/bootfiles
	[ -d "$src" ] || { echo "bundle-hook: $src missing" >&2; exit 1; }
	mount -o remount,rw "$BOOT"
	rm -rf "$BOOT/slot-$slot.new" && mkdir -p "$BOOT/slot-$slot.new"
	cp -r "$src/." "$BOOT/slot-$slot.new/"
	sed "s/root=LABEL=ACCORD-ROOT-[AB] /root=LABEL=ACCORD-ROOT-$RAUC_SLOT_BOOTNAME /" "$BOOT/slot-$slot/cmdline.txt" \
		>"$BOOT/slot-$slot.new/cmdline.txt"
	rm -rf "$BOOT/slot-$slot" && mv "$BOOT/slot-$slot.new" "$BOOT/slot-$slot"
	sync
	mount -o remount,ro "$BOOT"
	;;
esac
exit 0
