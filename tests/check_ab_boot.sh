#!/bin/sh
# The A/B slot switch of the kiosk image (kiosk-image/rootfs/usr/local/sbin/
# accord-rauc-boot, RAUC's custom bootloader backend, and accord-boot-check)
# on a boot partition in a plain directory, as the Pi firmware would read it:
# a new slot is tried once (tryboot.txt on a Pi 4; slot.txt + pending on a
# 3B+), becomes the default only after "accord ready" (mark-good), and is
# rolled back when it never gets there. The real boot (firmware, RAUC
# itself) needs `make image-test AB=1` or hardware; see kiosk-image/README.md.
set -u
cd "$(dirname "$0")/.."
OUT=build/test-out/ab-boot
ok() { echo "ok - $1"; }
nok() { echo "not ok - $1: $2"; }
check() { if [ "$2" -eq 0 ]; then ok "$1"; else nok "$1" "$3"; fi; }
SB=kiosk-image/rootfs/usr/local/sbin
setup() {   # booted-slot
	rm -rf "$OUT"; mkdir -p "$OUT/boot" "$OUT/state"
	printf '[all]\ninclude slot.txt\n' > "$OUT/boot/config.txt"
	echo "os_prefix=slot-a/" > "$OUT/boot/slot.txt"
	boot_as "$1"
}
boot_as() { echo "console=tty3 root=LABEL=ACCORD-ROOT-$1 ro rootwait" > "$OUT/cmdline"; }
export ACCORD_BOOT_DIR=$OUT/boot ACCORD_RAUC_STATE=$OUT/state ACCORD_CMDLINE=$OUT/cmdline ACCORD_RAUC_BOOT=$SB/accord-rauc-boot
export ACCORD_REBOOT="touch $OUT/rebooted"
rb() { sh "$SB/accord-rauc-boot" "$@"; }

# Pi 4: tryboot
setup A
export ACCORD_TRYBOOT=1
rb set-primary B
check "on a Pi 4 the new slot is named only in tryboot.txt; the default stays the old slot" \
	$(grep -q '^include tryslot.txt$' "$OUT/boot/tryboot.txt" && grep -q 'slot-b/' "$OUT/boot/tryslot.txt" && \
	  [ "$(rb get-primary)" = A ]; echo $?) "$(cat "$OUT/boot/"*.txt)"
boot_as B   # the firmware booted B once
rb set-state B good
check "after accord ready on the tried slot it becomes the default" \
	$([ "$(rb get-primary)" = B ] && [ ! -e "$OUT/state/pending" ]; echo $?) "$(cat "$OUT/boot/slot.txt")"
setup A
rb set-primary B
boot_as B
sh "$SB/accord-boot-check"
check "on a Pi 4 a tried slot that never reaches ready is marked bad and the kiosk reboots to the old one" \
	$([ -e "$OUT/rebooted" ] && [ "$(rb get-state B)" = bad ] && [ "$(rb get-primary)" = A ]; echo $?) "$(ls "$OUT/state")"

# Pi 3B+: no tryboot
unset ACCORD_TRYBOOT
setup A
rb set-primary B
check "on a 3B+ the new slot becomes the default with a pending trial" \
	$([ "$(rb get-primary)" = B ] && grep -q '^B switch A$' "$OUT/state/pending"; echo $?) "$(cat "$OUT/state/pending" 2>&1)"
boot_as B
sh "$SB/accord-boot-check"
check "on a 3B+ a new slot that never reaches ready is switched back before the reboot" \
	$([ -e "$OUT/rebooted" ] && [ "$(rb get-primary)" = A ] && [ ! -e "$OUT/state/pending" ]; echo $?) \
	"$(cat "$OUT/boot/slot.txt"; ls "$OUT/state")"
setup A
rb set-primary B
boot_as B
rb set-state B good
sh "$SB/accord-boot-check"
check "a slot marked good is kept: the boot check does nothing" \
	$([ ! -e "$OUT/rebooted" ] && [ "$(rb get-primary)" = B ] && [ "$(rb get-current)" = B ]; echo $?) "$(ls "$OUT")"
