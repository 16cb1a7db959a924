#!/bin/sh
# The signing half of `make bundle` on the host: kiosk-image/mkbundle.sh
# makes a verity RAUC bundle from a root file system image and signs it
# with the key from `make bundle-keys`; RAUC itself then accepts it under
# that CA, refuses it under another CA, and refuses it once a byte of the
# root image inside has changed. (A real root image and an install on a
# kiosk: `make bundle`, `make image-test AB=1`; see kiosk-image/README.md.)
set -u
cd "$(dirname "$0")/.."
OUT=build/test-out/bundle
rm -rf "$OUT"; mkdir -p "$OUT/tree/usr/lib/accord/bootfiles"
ok() { echo "ok - $1"; }
nok() { echo "not ok - $1: $2"; }
check() { if [ "$2" -eq 0 ]; then ok "$1"; else nok "$1" "$3"; fi; }
head -c 2000000 /dev/urandom > "$OUT/tree/usr/lib/accord/bootfiles/initrd.img-test"
echo kernel > "$OUT/tree/usr/lib/accord/bootfiles/vmlinuz-test"
mkfs.ext4 -q -F -L ACCORD-ROOT-A -d "$OUT/tree" "$OUT/rootfs.ext4" 16M
make --no-print-directory bundle-keys BUILD="$OUT/b" > /dev/null
K=$OUT/b/keys
bash kiosk-image/mkbundle.sh "$OUT" 9.9.9-test "$K/bundle.pem" "$K/bundle.key" "$K/ca.pem" "$OUT/a.raucb" > "$OUT/mk.log" 2>&1
check "make bundle's script signs a verity bundle that RAUC accepts under the kiosks' CA" \
	$([ $? -eq 0 ] && rauc info --keyring="$K/ca.pem" "$OUT/a.raucb" 2>/dev/null | grep -q "Version:.*'9.9.9-test'"; echo $?) \
	"$(tail -3 "$OUT/mk.log")"
rauc info --keyring="$K/ca.pem" "$OUT/a.raucb" 2>/dev/null | grep -q "Compatible:.*'accord-rpi-arm64'"
check "the bundle is for the kiosk image only (compatible accord-rpi-arm64)" $? "wrong compatible"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=other -keyout "$OUT/o.key" -out "$OUT/o.pem" 2>/dev/null
rauc info --keyring="$OUT/o.pem" "$OUT/a.raucb" > "$OUT/other.log" 2>&1
check "a kiosk with another CA refuses the bundle" $([ $? -ne 0 ] && grep -q "signature verification failed" "$OUT/other.log"; echo $?) \
	"$(tail -2 "$OUT/other.log")"
cp "$OUT/a.raucb" "$OUT/t.raucb"
printf 'X' | dd of="$OUT/t.raucb" bs=1 seek=100000 conv=notrunc status=none
rauc extract --keyring="$K/ca.pem" "$OUT/t.raucb" "$OUT/t" > "$OUT/tamper.log" 2>&1
check "a bundle whose root image changed after signing is refused (verity)" \
	$([ ! -e "$OUT/t/rootfs.ext4" ] && grep -q "payload is corrupted" "$OUT/tamper.log"; echo $?) "$(tail -2 "$OUT/tamper.log")"
rauc extract --keyring="$K/ca.pem" "$OUT/a.raucb" "$OUT/a" > "$OUT/extract.log" 2>&1
check "the untouched bundle holds the root image and the boot-files hook" \
	$(cmp -s "$OUT/a/rootfs.ext4" "$OUT/rootfs.ext4" && [ -x "$OUT/a/hook.sh" ]; echo $?) "$(tail -2 "$OUT/extract.log")"
