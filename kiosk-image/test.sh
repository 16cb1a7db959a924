#!/bin/bash
# kiosk-image/test.sh WORKDIR - boot the image built in WORKDIR (disk.img,
# vmlinuz, initrd.img from mkimage.sh) in qemu-system-aarch64 -M virt (TCG)
# with a virtio GPU, and pass when the serial log shows systemd reached
# multi-user.target and Accord printed "accord: ready". Also checks the boot
# partition settings (hostname, SSH opt-in), the first-boot growth of the
# data partition, and takes a screendump of what Accord drew.
# Prints "ok - ..." / "not ok - ..." lines; exit status 1 on any failure.
set -uo pipefail
W=$1
TIMEOUT=${TIMEOUT:-420}
T=$W/test
rm -rf "$T" && mkdir -p "$T"
fail=0
ok() { echo "ok - $1"; }
nok() { echo "not ok - $1: $2"; fail=1; }

# A copy of the disk, 1 GiB larger (as a bigger SD card would be), with
# this test's boot-partition settings: a hostname and SSH turned on.
cp --sparse=always "$W/disk.img" "$T/disk.img"
truncate -s +1G "$T/disk.img"
off=$(( $(sfdisk -d "$T/disk.img" | sed -n 's/.*1 : start= *\([0-9]*\).*/\1/p') * 512 ))
printf 'hostname = accord-vmtest\ntimezone = Europe/Berlin\n' >"$T/kiosk.conf"
: >"$T/ssh"
echo "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB2iN3Nq3d0G+ptHhLd6M1l1G8O2Cw8F4m4fBv3bqKXE test@image-test" >"$T/authorized_keys"
mcopy -o -i "$T/disk.img@@$off" "$T/kiosk.conf" "$T/ssh" "$T/authorized_keys" ::/

mkfifo "$T/mon.in" "$T/mon.out"
start=$(date +%s)
# systemd.journald.forward_to_console=1: the journal (Accord's ready line
# included) goes to the serial console; the image's own cmdline stays quiet.
qemu-system-aarch64 -M virt -cpu cortex-a72 -smp 2 -m 1024 \
	-kernel "$W/vmlinuz" -initrd "$W/initrd.img" \
	-append "console=ttyAMA0 root=LABEL=ACCORD-ROOT ro rootwait panic=-1 consoleblank=0 vt.global_cursor_default=0 systemd.journald.forward_to_console=1 systemd.show_status=1" \
	-drive file="$T/disk.img",format=raw,if=none,id=d0 -device virtio-blk-pci,drive=d0 \
	-device virtio-gpu-pci -display none -monitor pipe:"$T/mon" \
	-netdev user,id=n0 -device virtio-net-pci,netdev=n0,romfile= \
	-serial file:"$T/serial.log" -no-reboot &
qpid=$!
exec 3>"$T/mon.in" 4<"$T/mon.out"   # keep the monitor pipes open
cat <&4 >"$T/monitor.log" &
catpid=$!

ready=""
while [ $(( $(date +%s) - start )) -lt "$TIMEOUT" ]; do
	if grep -q 'accord: ready' "$T/serial.log" 2>/dev/null; then ready=$(( $(date +%s) - start )); break; fi
	kill -0 "$qpid" 2>/dev/null || break
	sleep 2
done
sleep 5  # let the journal catch up, and the first frame settle
if grep -aq 'Reached target.*Multi-User System\|Reached target multi-user.target' "$T/serial.log"; then
	ok "systemd reached multi-user.target"
else nok "systemd reached multi-user.target" "not in $T/serial.log"; fi
if [ -n "$ready" ]; then
	ok "Accord printed its ready line (boot to ready: ${ready} s)"
	echo "# boot time to 'accord: ready': ${ready} s (TCG, $(nproc) host cores)"
else nok "Accord printed its ready line" "none within ${TIMEOUT} s; see $T/serial.log"; fi
if grep -aq 'accord-vmtest' "$T/serial.log"; then ok "hostname from kiosk.conf"
else nok "hostname from kiosk.conf" "accord-vmtest not seen"; fi
if grep -aq 'accord-boot-config: SSH on' "$T/serial.log"; then ok "SSH turned on by ssh + authorized_keys"
else nok "SSH turned on by ssh + authorized_keys" "no 'SSH on' line"; fi
if grep -aq 'accord-grow-data: .* grown from' "$T/serial.log"; then
	ok "data partition grown on first boot ($(grep -ao 'grown from [0-9]* MiB to [0-9]* MiB' "$T/serial.log" | head -1))"
else nok "data partition grown on first boot" "no accord-grow-data line"; fi
if grep -aq 'Failed to start\|FAILED' "$T/serial.log"; then
	echo "# units that failed:"; grep -a 'Failed to start\|FAILED' "$T/serial.log" | sed 's/^/#   /' | head -10
fi

# What is on the screen: screendumps through the monitor, decoded here
# (10 s and 20 s after the ready line: llvmpipe is slow under TCG).
if [ -n "$ready" ]; then
	best=""
	for n in 1 2; do
		sleep 10
		rm -f "$T/screen$n.ppm"
		echo "screendump $T/screen$n.ppm" >&3
		sleep 3
		[ -s "$T/screen$n.ppm" ] || continue
		desc=$(python3 -c '
import sys
d = open(sys.argv[1], "rb").read()
parts = d.split(maxsplit=4)
w, h = int(parts[1]), int(parts[2])
px = parts[4][:w * h * 3]
colours = {px[i:i + 3] for i in range(0, len(px), 3 * 7)}
print(f"{w}x{h}, {len(colours)} colours")' "$T/screen$n.ppm")
		echo "# screendump $n: $desc ($T/screen$n.ppm)"
		case "$desc" in *", 1 colours") ;; *) best="$desc, $T/screen$n.ppm" ;; esac
	done
	if [ -n "$best" ]; then ok "screendump shows a drawn frame ($best)"
	else nok "screendump shows a drawn frame" "blank or missing; see # lines"; fi
fi
echo "# what accord logged:"; grep -a 'accord\[' "$T/serial.log" | head -20 | sed 's/^/#   /'

echo "quit" >&3 2>/dev/null
sleep 2
kill "$qpid" 2>/dev/null; wait "$qpid" 2>/dev/null
kill "$catpid" 2>/dev/null
exec 3>&- 4<&-
echo "# serial log: $T/serial.log ($(( $(date +%s) - start )) s in QEMU)"
exit $fail
