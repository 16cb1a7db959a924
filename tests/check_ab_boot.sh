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
boot_as() {   # SLOT: the kernel command line mkimage.sh writes into slot-X/cmdline.txt
	n=2; [ "$1" = A ] || n=3
	echo "console=tty3 root=PARTUUID=acc0d0a5-0$n rauc.slot=$1 rootfstype=ext4 ro rootwait" > "$OUT/cmdline"
	echo "100000.00 1.00" > "$OUT/uptime"   # long past any trial time
}
export ACCORD_BOOT_DIR=$OUT/boot ACCORD_RAUC_STATE=$OUT/state ACCORD_CMDLINE=$OUT/cmdline ACCORD_RAUC_BOOT=$SB/accord-rauc-boot
export ACCORD_UPTIME=$OUT/uptime
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
boot_as A; a=$(rb get-current); boot_as B; b=$(rb get-current)
check "the running slot is read from rauc.slot= on the command line, as RAUC reads it" \
	$([ "$a" = A ] && [ "$b" = B ]; echo $?) "get-current says '$a' then '$b'"

setup A
rb set-primary B
echo "0.2.0" > "$OUT/state/trial-version"   # accord-update: the version on trial
boot_as B
printf 'hostname = x\r\nupdate_trial_minutes = 3\r\n' > "$OUT/boot/kiosk.conf"
echo "170.00 100.00" > "$OUT/uptime"
sh "$SB/accord-boot-check"
check "before update_trial_minutes from kiosk.conf have passed the boot check waits" \
	$([ ! -e "$OUT/rebooted" ] && [ -e "$OUT/state/pending" ] && [ "$(rb get-primary)" = B ]; echo $?) "$(ls "$OUT" "$OUT/state")"
echo "185.00 100.00" > "$OUT/uptime"
sh "$SB/accord-boot-check"
check "after update_trial_minutes the slot is rolled back and its version refused for the updater" \
	$([ -e "$OUT/rebooted" ] && [ "$(rb get-primary)" = A ] && [ "$(cat "$OUT/state/refused-version")" = 0.2.0 ] && \
	  [ ! -e "$OUT/state/trial-version" ]; echo $?) "$(ls "$OUT" "$OUT/state")"
rm -f "$OUT/boot/kiosk.conf"
echo "599.00 100.00" > "$OUT/uptime"
setup A; rb set-primary B; boot_as B; echo "599.00 100.00" > "$OUT/uptime"
sh "$SB/accord-boot-check"
check "without a setting the trial lasts 10 minutes" \
	$([ ! -e "$OUT/rebooted" ] && [ -e "$OUT/state/pending" ]; echo $?) "$(ls "$OUT" "$OUT/state")"

setup A
rb set-primary B
echo "0.2.0" > "$OUT/state/trial-version"
boot_as B
rb set-state B good
sh "$SB/accord-boot-check"
check "a slot marked good is kept: the boot check does nothing" \
	$([ ! -e "$OUT/rebooted" ] && [ "$(rb get-primary)" = B ] && [ "$(rb get-current)" = B ] && \
	  [ ! -e "$OUT/state/trial-version" ] && [ ! -e "$OUT/state/refused-version" ]; echo $?) "$(ls "$OUT" "$OUT/state")"

# The bundle's post-install hook (kiosk-image/bundle-hook.sh), as RAUC runs
# it after writing slot B: the new root's kernel files go to slot-b/, the
# slot keeps its command line, and the written file system (made as
# ACCORD-ROOT-A) is named after its slot.
setup A
mkdir -p "$OUT/newroot/usr/lib/accord/bootfiles" "$OUT/boot/slot-b"
echo new-kernel > "$OUT/newroot/usr/lib/accord/bootfiles/vmlinuz"
echo old-kernel > "$OUT/boot/slot-b/vmlinuz"; echo stale > "$OUT/boot/slot-b/old.dtb"
echo "console=tty3 root=PARTUUID=acc0d0a5-03 rauc.slot=B rootfstype=ext4 ro" > "$OUT/boot/slot-b/cmdline.txt"
mkfs.ext4 -q -F -L ACCORD-ROOT-A "$OUT/slotb.ext4" 4M >/dev/null 2>&1
RAUC_SLOT_CLASS=rootfs RAUC_SLOT_BOOTNAME=B RAUC_SLOT_MOUNT_POINT=$OUT/newroot RAUC_SLOT_DEVICE=$OUT/slotb.ext4 \
	sh kiosk-image/bundle-hook.sh slot-post-install
check "the bundle hook puts the new kernel in slot-b/, keeps slot B's command line and names the file system ACCORD-ROOT-B" \
	$([ "$(cat "$OUT/boot/slot-b/vmlinuz")" = new-kernel ] && [ ! -e "$OUT/boot/slot-b/old.dtb" ] && \
	  grep -q 'root=PARTUUID=acc0d0a5-03 rauc.slot=B ' "$OUT/boot/slot-b/cmdline.txt" && \
	  [ "$(e2label "$OUT/slotb.ext4")" = ACCORD-ROOT-B ] && [ "$(cat "$OUT/boot/slot.txt")" = "os_prefix=slot-a/" ]; echo $?) \
	"$(ls "$OUT/boot/slot-b"; e2label "$OUT/slotb.ext4")"
echo "console=tty3 root=PARTUUID=acc0d0a5-02 rauc.slot=A ro" > "$OUT/boot/slot-b/cmdline.txt"
RAUC_SLOT_CLASS=rootfs RAUC_SLOT_BOOTNAME=B RAUC_SLOT_MOUNT_POINT=$OUT/newroot RAUC_SLOT_DEVICE=$OUT/slotb.ext4 \
	sh kiosk-image/bundle-hook.sh slot-post-install 2>/dev/null
check "the bundle hook fails (RAUC aborts the install) when slot-b/cmdline.txt names another slot" \
	$([ $? -ne 0 ]; echo $?) "hook exited 0"

# The updater fetching from update_url (accord-update), as on a kiosk with
# no stick: over HTTPS from a server on 127.0.0.1 with a test CA (curl's
# CURL_CA_BUNDLE stands in for the image's CA store), RAUC and blkid
# replaced by stubs that record what they are asked (RAUC itself, with
# signatures, is in check_bundle.sh and make image-test AB=1).
UP=$OUT/update
setup A
mkdir -p "$UP/www" "$UP/bin"
sh tests/servers/make_certs.sh "$UP/certs" >/dev/null
head -c 70000 /dev/urandom > "$UP/www/accord-0.2.0.raucb"
cat > "$UP/bin/rauc" <<STUB
#!/bin/sh
case "\$1" in
info) echo "RAUC_MF_COMPATIBLE='accord-rpi'"; echo "RAUC_MF_VERSION='0.2.0'" ;;
install) cp "\$2" "$UP/installed.raucb" ;;
esac
STUB
printf '#!/bin/sh\nexit 2\n' > "$UP/bin/blkid"   # no ACCORD-UPD stick
chmod +x "$UP/bin/rauc" "$UP/bin/blkid"
python3 - "$UP" > "$UP/port" 2> "$UP/server.log" <<'PY' &
import http.server, ssl, sys, os, functools
up = sys.argv[1]
h = functools.partial(http.server.SimpleHTTPRequestHandler, directory=os.path.join(up, "www"))
s = http.server.HTTPServer(("127.0.0.1", 0), h)
c = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
c.load_cert_chain(os.path.join(up, "certs/server.pem"), os.path.join(up, "certs/server.key"))
s.socket = c.wrap_socket(s.socket, server_side=True)
print(s.server_address[1], flush=True)
s.serve_forever()
PY
srv=$!
i=0; while [ ! -s "$UP/port" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
port=$(cat "$UP/port")
touch "$UP/between-visits"
upd() { PATH="$UP/bin:$PATH" CURL_CA_BUNDLE="$UP/certs/ca.pem" ACCORD_BETWEEN_VISITS="$UP/between-visits" \
	sh "$SB/accord-update" > "$UP/update.log" 2>&1; }
printf 'update_url = https://127.0.0.1:%s/accord-0.2.0.raucb\r\n' "$port" > "$OUT/boot/kiosk.conf"
upd
check "update_url: the bundle is fetched over HTTPS, installed between visits, put on trial and the kiosk reboots" \
	$(cmp -s "$UP/www/accord-0.2.0.raucb" "$UP/installed.raucb" && [ "$(cat "$OUT/state/trial-version")" = 0.2.0 ] && \
	  [ -e "$OUT/rebooted" ]; echo $?) "$(cat "$UP/update.log")"
rm -f "$UP/installed.raucb" "$OUT/rebooted" "$OUT/state/trial-version"
echo 0.2.0 > "$OUT/state/refused-version"
upd
check "update_url: a version that failed its trial is not installed again" \
	$([ ! -e "$UP/installed.raucb" ] && [ ! -e "$OUT/rebooted" ]; echo $?) "$(cat "$UP/update.log")"
rm -f "$OUT/state/refused-version" "$OUT/state/download.raucb"
printf 'update_url = http://127.0.0.1:%s/accord-0.2.0.raucb\n' "$port" > "$OUT/boot/kiosk.conf"
upd; rc=$?
check "update_url: plain http:// is refused, nothing fetched or installed" \
	$([ $rc -ne 0 ] && [ ! -e "$UP/installed.raucb" ] && [ ! -e "$OUT/state/download.raucb" ] && \
	  grep -q "must be https" "$UP/update.log"; echo $?) "rc $rc: $(cat "$UP/update.log")"
printf 'update_url = https://127.0.0.1:%s/accord-0.2.0.raucb\n' "$port" > "$OUT/boot/kiosk.conf"
PATH="$UP/bin:$PATH" CURL_CA_BUNDLE="$UP/certs/rogue-ca.pem" ACCORD_BETWEEN_VISITS="$UP/between-visits" \
	sh "$SB/accord-update" > "$UP/update.log" 2>&1; rc=$?
check "update_url: a server the kiosk's CAs do not vouch for is refused, nothing installed" \
	$([ $rc -ne 0 ] && [ ! -e "$UP/installed.raucb" ]; echo $?) "rc $rc: $(cat "$UP/update.log")"
kill "$srv" 2>/dev/null; wait "$srv" 2>/dev/null
exit 0
