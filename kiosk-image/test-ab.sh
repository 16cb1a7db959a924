#!/bin/bash
# kiosk-image/test-ab.sh WORKDIR VERSION CERT KEY KEYRING - the A/B update
# cycle of an A/B image (make image AB=1, in WORKDIR) in qemu-system-aarch64
# -M virt (TCG), with no network:
#   1. boot slot A; a USB stick (second virtio disk, FAT "ACCORD-UPD")
#      holds a signed bundle of a newer version; accord-update installs it
#      with RAUC between visits and reboots;
#   2. boot slot B: the new version reaches "accord: ready" and is marked good;
#   3. a stick with a broken bundle (its accord never reports ready) is
#      installed into slot A the same way;
#   4. boot A: Accord never gets ready; accord-boot-check rolls back after
#      update_trial_minutes (set short in this test's kiosk.conf);
#   5. boot B again: ready, the broken version is not installed again, and
#      the data partition and the boot partition's settings are unchanged.
# QEMU has no Pi firmware: between boots this script plays its part, as a
# Pi 3B+ would (no tryboot): it reads config.txt and slot.txt from the
# image's FAT partition (mtools, no mounts) and boots the kernel, initrd and
# cmdline.txt of the slot directory they name (os_prefix). The Pi 4 tryboot
# path (tryboot.txt for one boot) is not exercised here: see
# kiosk-image/README.md. Both bundles are made here from WORKDIR/rootfs.ext4
# by mkbundle.sh (the script make bundle uses) with the same keys.
# Prints "ok - ..." / "not ok - ..." lines; exit status 1 on any failure.
set -uo pipefail
W=$(realpath "$1") VERSION=$2 CERT=$3 KEY=$4 KEYRING=$5
HERE=$(cd "$(dirname "$0")" && pwd)
T=$W/test-ab
TRIAL_MIN=${TRIAL_MIN:-4}          # update_trial_minutes for this test
READY_TIMEOUT=${READY_TIMEOUT:-600}
INSTALL_TIMEOUT=${INSTALL_TIMEOUT:-1200}
UPD=$VERSION+abtest.1
BAD=$VERSION+abtest.broken
rm -rf "$T" && mkdir -p "$T"
fail=0
ok() { echo "ok - $1"; }
nok() { echo "not ok - $1: $2"; fail=1; }
check() { if [ "$2" -eq 0 ]; then ok "$1"; else nok "$1" "$3"; fi; }
t0=$(date +%s)
elapsed() { echo $(( $(date +%s) - t0 )); }

# --- the two bundles: the image's root with another version (and, for the
# broken one, an accord that never reports ready), edited with debugfs.
rootfs_edit() {   # DIR VERSION [broken]
	mkdir -p "$1"
	cp --sparse=always "$W/rootfs.ext4" "$1/rootfs.ext4"
	echo "$2" >"$1/version"
	{
		echo "rm /etc/accord-image-version"
		echo "write $1/version /etc/accord-image-version"
		echo "sif /etc/accord-image-version mode 0100644"
		echo "sif /etc/accord-image-version uid 0"
		echo "sif /etc/accord-image-version gid 0"
		if [ "${3:-}" = broken ]; then
			printf '#!/bin/sh\necho "accord: image-test broken build, never ready" >&2\nexec sleep 100000\n' >"$1/accord"
			echo "rm /usr/bin/accord"
			echo "write $1/accord /usr/bin/accord"
			echo "sif /usr/bin/accord mode 0100755"
			echo "sif /usr/bin/accord uid 0"
			echo "sif /usr/bin/accord gid 0"
		fi
	} | debugfs -w -f - "$1/rootfs.ext4" >/dev/null 2>"$1/debugfs.log"
	[ "$(debugfs -R 'cat /etc/accord-image-version' "$1/rootfs.ext4" 2>/dev/null)" = "$2" ]
}
stick() {   # BUNDLE OUT.img: a USB stick as sold (MBR, one FAT32 partition)
	local mb=$(( $(du -m --apparent-size "$1" | cut -f1) + 64 ))
	truncate -s "${mb}M" "$2.part"
	mkfs.vfat -F 32 -n ACCORD-UPD "$2.part" >/dev/null
	mcopy -i "$2.part" "$1" ::/
	truncate -s $(( (mb + 1) * 1048576 )) "$2"
	printf 'label: dos\nstart=2048, type=c\n' | sfdisk -q "$2"
	dd if="$2.part" of="$2" bs=1M seek=1 conv=notrunc,sparse status=none
	rm -f "$2.part"
}
s=$(date +%s)
rootfs_edit "$T/upd" "$UPD" && rootfs_edit "$T/bad" "$BAD" broken
check "test bundles' root images made from rootfs.ext4" $? "see $T/*/debugfs.log"
# lz4: quicker to make here and to unpack under emulation (a larger file)
export MKSQUASHFS_ARGS=${MKSQUASHFS_ARGS:--comp lz4}
bash "$HERE/mkbundle.sh" "$T/upd" "$UPD" "$CERT" "$KEY" "$KEYRING" "$T/upd.raucb" >"$T/mkbundle.log" 2>&1 &&
	bash "$HERE/mkbundle.sh" "$T/bad" "$BAD" "$CERT" "$KEY" "$KEYRING" "$T/bad.raucb" >>"$T/mkbundle.log" 2>&1
check "two signed bundles built by mkbundle.sh ($UPD, $BAD)" $? "see $T/mkbundle.log"
rm -rf "$T/upd/bundle" "$T/bad/bundle" "$T/upd/rootfs.ext4" "$T/bad/rootfs.ext4"
stick "$T/upd.raucb" "$T/stick-upd.img" && stick "$T/bad.raucb" "$T/stick-bad.img"
echo "# bundles and sticks: $(( $(date +%s) - s )) s"

# --- the card: a copy of the image, 256 MiB larger (the data partition
# grows on first boot), with this test's kiosk.conf and a marker on /data.
cp --sparse=always "$W/disk.img" "$T/disk.img"
truncate -s +256M "$T/disk.img"
pstart() { sfdisk -d "$T/disk.img" | sed -n "s/.*img$1 : start= *\([0-9]*\).*/\1/p"; }
BOOT="$T/disk.img@@$(( $(pstart 1) * 512 ))"
DATA="$T/disk.img?offset=$(( $(pstart 4) * 512 ))"
ROOTB="$T/disk.img?offset=$(( $(pstart 3) * 512 ))"
mtype -i "$BOOT" ::/kiosk.conf | tr -d '\r' >"$T/kiosk.conf"
printf 'hostname = accord-abtest\nupdate_trial_minutes = %s\n' "$TRIAL_MIN" >>"$T/kiosk.conf"
sed -i 's/$/\r/' "$T/kiosk.conf"
mcopy -o -i "$BOOT" "$T/kiosk.conf" ::/kiosk.conf
mcopy -o -i "$BOOT" ::/accord.conf "$T/accord.conf.before"
marker=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
echo "$marker" >"$T/marker"
printf 'write %s /abtest-marker\n' "$T/marker" | debugfs -w -f - "$DATA" >/dev/null 2>&1
fat() { mtype -i "$BOOT" "::/$1" 2>/dev/null | tr -d '\r'; }
data() { debugfs -R "cat $1" "$DATA" 2>/dev/null; }

# --- the firmware's part: config.txt -> include slot.txt -> os_prefix.
firmware() {   # N: copy the chosen slot's kernel, initrd, cmdline.txt into T/bootN
	local d=$T/boot$1 prefix kernel initrd
	mkdir -p "$d"
	fat config.txt >"$d/config.txt"
	grep -qx 'include slot.txt' "$d/config.txt" || { echo "firmware: config.txt does not include slot.txt" >&2; return 1; }
	prefix=$(fat slot.txt | sed -n 's/^os_prefix=//p' | tail -1)
	kernel=$(sed -n 's/^kernel=//p' "$d/config.txt" | head -1)
	initrd=$(sed -n 's/^initramfs \([^ ]*\).*/\1/p' "$d/config.txt" | head -1)
	echo "${prefix%/}" >"$d/slot"
	mcopy -n -i "$BOOT" "::/$prefix${kernel:-vmlinuz}" "$d/kernel" &&
	mcopy -n -i "$BOOT" "::/$prefix${initrd:-initrd.img}" "$d/initrd" &&
	fat "${prefix}cmdline.txt" | tr -s ' \n' ' ' |
		sed 's/\(^\| \)\(console\|loglevel\|systemd.show_status\)=[^ ]*//g; s/\(^\| \)quiet\( \|$\)/ /g' >"$d/cmdline"
}
qpid=""
boot() {   # N STICK: start QEMU on what firmware N chose, the stick as a second disk
	local d=$T/boot$1
	qemu-system-aarch64 -M virt -cpu cortex-a72 -smp 2 -m 1024 \
		-kernel "$d/kernel" -initrd "$d/initrd" \
		-append "$(cat "$d/cmdline") console=ttyAMA0 panic=-1 systemd.journald.forward_to_console=1 systemd.show_status=1" \
		-drive file="$T/disk.img",format=raw,if=none,id=d0 -device virtio-blk-pci,drive=d0 \
		-drive file="$2",format=raw,if=none,id=d1,readonly=on -device virtio-blk-pci,drive=d1 \
		-device virtio-gpu-pci -display none -nic none -monitor none \
		-serial file:"$d/serial.log" -no-reboot >"$d/qemu.log" 2>&1 &
	qpid=$!
	bstart=$(date +%s)
}
waitfor() {   # N PATTERN TIMEOUT: seconds until PATTERN is in boot N's log; "" if QEMU ended or timed out
	local s=$(date +%s)
	while [ $(( $(date +%s) - s )) -lt "$3" ]; do
		if grep -aq -- "$2" "$T/boot$1/serial.log" 2>/dev/null; then echo $(( $(date +%s) - bstart )); return 0; fi
		kill -0 "$qpid" 2>/dev/null || return 1
		sleep 2
	done
	return 1
}
waitexit() {   # TIMEOUT: QEMU ends by itself (the guest rebooted: -no-reboot)
	local s=$(date +%s)
	while kill -0 "$qpid" 2>/dev/null; do
		[ $(( $(date +%s) - s )) -lt "$1" ] || return 1
		sleep 2
	done
	wait "$qpid" 2>/dev/null; qpid=""; return 0
}
poweroff() { [ -z "$qpid" ] || { kill "$qpid" 2>/dev/null; wait "$qpid" 2>/dev/null; qpid=""; }; }
trap poweroff EXIT
slot_of() { cat "$T/boot$1/slot"; }
logs() { echo "see $T/boot$1/serial.log"; }

# Boot 1: slot A, the update on the stick.
firmware 1 && boot 1 "$T/stick-upd.img"
check "boot 1: the firmware's files name slot A" $([ "$(slot_of 1)" = slot-a ]; echo $?) "$(slot_of 1)"
r=$(waitfor 1 'accord: ready' "$READY_TIMEOUT"); check "boot 1: slot A reaches 'accord: ready' (${r:-?} s)" $([ -n "$r" ]; echo $?) "$(logs 1)"
r=$(waitfor 1 "accord-update: installed $UPD" "$INSTALL_TIMEOUT")
check "boot 1: accord-update installs $UPD from the USB stick with RAUC (${r:-?} s after power-on)" $([ -n "$r" ]; echo $?) "$(logs 1)"
waitexit 300; check "boot 1: the kiosk reboots after the install ($(( $(date +%s) - bstart )) s in QEMU)" $? "$(logs 1)"
poweroff
check "after the install slot.txt names slot B, on trial (3B+ path: pending)" \
	$([ "$(fat slot.txt)" = "os_prefix=slot-b/" ] && [ "$(data /rauc/pending)" = "B switch A" ]; echo $?) \
	"slot.txt: $(fat slot.txt); pending: $(data /rauc/pending)"
check "slot B holds the new root ($UPD) and its kernel files" \
	$([ "$(debugfs -R 'cat /etc/accord-image-version' "$ROOTB" 2>/dev/null)" = "$UPD" ] && mdir -b -i "$BOOT" ::/slot-b/ 2>/dev/null | grep -q vmlinuz; echo $?) \
	"version in slot B: $(debugfs -R 'cat /etc/accord-image-version' "$ROOTB" 2>/dev/null)"

# Boot 2: slot B on trial; ready -> marked good -> the default.
firmware 2 && boot 2 "$T/stick-upd.img"
check "boot 2: the firmware's files name slot B" $([ "$(slot_of 2)" = slot-b ]; echo $?) "$(slot_of 2)"
r=$(waitfor 2 'accord: ready' "$READY_TIMEOUT"); check "boot 2: the new version in slot B reaches 'accord: ready' (${r:-?} s)" $([ -n "$r" ]; echo $?) "$(logs 2)"
r=$(waitfor 2 'Finished accord-mark-good\|accord-mark-good.service: Deactivated successfully' 180)
check "boot 2: accord-mark-good ran after ready (${r:-?} s)" $([ -n "$r" ]; echo $?) "$(logs 2)"
sleep 5; poweroff   # power cut: nothing more needs saving
check "slot B is committed: slot.txt names it, nothing pending, not marked bad" \
	$([ "$(fat slot.txt)" = "os_prefix=slot-b/" ] && [ -z "$(data /rauc/pending)" ] && [ -z "$(debugfs -R 'ls /rauc' "$DATA" 2>/dev/null | grep -o 'bad-B')" ]; echo $?) \
	"slot.txt: $(fat slot.txt); /data/rauc: $(debugfs -R 'ls /rauc' "$DATA" 2>/dev/null | tr -s ' \n' ' ')"
grep -aq 'Kernel command line:.*rauc\.slot=B' "$T/boot2/serial.log"
check "boot 2 ran the kernel command line of slot B (rauc.slot=B)" $? "$(logs 2)"

# Boot 3: slot B, a broken update on the stick.
firmware 3 && boot 3 "$T/stick-bad.img"
r=$(waitfor 3 'accord: ready' "$READY_TIMEOUT"); check "boot 3: slot B (committed) reaches 'accord: ready' (${r:-?} s)" $([ -n "$r" ]; echo $?) "$(logs 3)"
r=$(waitfor 3 "accord-update: installed $BAD" "$INSTALL_TIMEOUT")
check "boot 3: accord-update installs the broken $BAD into slot A (${r:-?} s)" $([ -n "$r" ]; echo $?) "$(logs 3)"
waitexit 300; check "boot 3: the kiosk reboots into the trial" $? "$(logs 3)"
poweroff
check "slot.txt names slot A on trial" $([ "$(fat slot.txt)" = "os_prefix=slot-a/" ] && [ "$(data /rauc/pending)" = "A switch B" ]; echo $?) \
	"slot.txt: $(fat slot.txt); pending: $(data /rauc/pending)"

# Boot 4: slot A with an accord that never reports ready: rolled back.
firmware 4 && boot 4 "$T/stick-bad.img"
check "boot 4: the firmware's files name slot A" $([ "$(slot_of 4)" = slot-a ]; echo $?) "$(slot_of 4)"
waitexit $(( TRIAL_MIN * 60 + READY_TIMEOUT )); r=$?
check "boot 4: the kiosk reboots by itself ($(( $(date +%s) - bstart )) s in QEMU, trial time $TRIAL_MIN min)" $r "$(logs 4)"
poweroff
grep -aq "accord-boot-check: slot A did not reach 'accord ready' in $TRIAL_MIN minutes; rolling back" "$T/boot4/serial.log" &&
	grep -aq 'image-test broken build' "$T/boot4/serial.log" && ! grep -aq 'accord: ready' "$T/boot4/serial.log"
check "boot 4: the broken accord never reported ready and accord-boot-check rolled back" $? "$(logs 4)"
check "after the rollback slot.txt names slot B again, nothing pending, $BAD refused, A marked bad" \
	$([ "$(fat slot.txt)" = "os_prefix=slot-b/" ] && [ -z "$(data /rauc/pending)" ] && [ "$(data /rauc/refused-version)" = "$BAD" ] && \
	  debugfs -R 'ls /rauc' "$DATA" 2>/dev/null | grep -q 'bad-A'; echo $?) \
	"slot.txt: $(fat slot.txt); pending: $(data /rauc/pending); refused: $(data /rauc/refused-version)"

# Boot 5: back on B; the broken bundle is still on the stick and is left alone.
firmware 5 && boot 5 "$T/stick-bad.img"
check "boot 5: the firmware's files name slot B" $([ "$(slot_of 5)" = slot-b ]; echo $?) "$(slot_of 5)"
r=$(waitfor 5 'accord: ready' "$READY_TIMEOUT"); check "boot 5: slot B reaches 'accord: ready' after the rollback (${r:-?} s)" $([ -n "$r" ]; echo $?) "$(logs 5)"
r=$(waitfor 5 'Finished accord-update\|accord-update.service: Deactivated successfully' 180)
sleep 5
[ -n "$r" ] && ! grep -aq 'accord-update: bundle .* found' "$T/boot5/serial.log"
check "boot 5: the updater saw the stick and did not install the refused bundle again" $? "$(logs 5)"
grep -aq 'accord-abtest' "$T/boot5/serial.log"
check "boot 5: kiosk.conf still applied (hostname accord-abtest)" $? "$(logs 5)"
poweroff
[ "$(data /abtest-marker)" = "$marker" ] && debugfs -R 'ls -l /accord' "$DATA" 2>/dev/null | grep -q '\.db'
check "the data partition survived both updates (marker file, Accord's database)" $? \
	"marker: $(data /abtest-marker); /data/accord: $(debugfs -R 'ls /accord' "$DATA" 2>/dev/null | tr -s ' \n' ' ')"
fat kiosk.conf >"$T/kiosk.conf.after"; mcopy -o -i "$BOOT" ::/accord.conf "$T/accord.conf.after"
tr -d '\r' <"$T/kiosk.conf" | cmp -s - "$T/kiosk.conf.after" && cmp -s "$T/accord.conf.before" "$T/accord.conf.after"
check "the boot partition's kiosk.conf and accord.conf are unchanged" $? "diff $T/kiosk.conf $T/kiosk.conf.after"
echo "# whole A/B test: $(elapsed) s (logs: $T/boot1..5/serial.log)"
exit $fail
