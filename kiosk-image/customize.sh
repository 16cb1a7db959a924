#!/bin/sh
# kiosk-image/customize.sh ROOT - kiosk settings on top of the packages of
# the arm64 tree ROOT (run on the host by mkroot.sh after mmdebstrap; the
# chroot commands run through qemu-user).
set -eu
R=$1
HERE=$(cd "$(dirname "$0")" && pwd)

# Files of the image (fstab, units, drop-ins, scripts): kiosk-image/rootfs.
tar -C "$HERE/rootfs" --owner=0 --group=0 -cf - . | tar -C "$R" -xf - --no-same-owner --no-overwrite-dir
chmod 0755 "$R"/usr/local/sbin/*

# The boot partition is readable by root and the app only (it may hold a
# bearer token or Wi-Fi password).
gid=$(chroot "$R" getent group accord | cut -d: -f3)
sed -i "s/@ACCORD_GID@/$gid/" "$R/etc/fstab"

# What runs at boot.
chroot "$R" systemctl enable accord.service accord-boot-config.service accord-grow-data.service accord-db-key.service \
	systemd-networkd.service systemd-resolved.service systemd-timesyncd.service
# SSH only when the boot partition asks for it (accord-boot-config starts it).
chroot "$R" systemctl disable ssh.service 2>/dev/null || true
chroot "$R" systemctl mask ssh.socket
# Nothing on the kiosk waits for "network online" (the outbox retries).
chroot "$R" systemctl disable systemd-networkd-wait-online.service
# No logins on screen or serial, no Ctrl-Alt-Del reboot, no first-boot
# prompts, nothing that writes or downloads behind the kiosk's back.
chroot "$R" systemctl mask getty.target getty@tty1.service serial-getty@.service \
	ctrl-alt-del.target systemd-firstboot.service systemd-logind.service \
	apt-daily.timer apt-daily-upgrade.timer dpkg-db-backup.timer e2scrub_all.timer e2scrub_reap.service
# Nobody logs in with a password (SSH keys only).
chroot "$R" usermod -p '*' root
# Per-device identity is made at boot, not baked into every copy.
rm -f "$R"/etc/ssh/ssh_host_*
: >"$R/etc/machine-id"

# A/B updates (AB=1): RAUC, its keyring (the CA that signs bundles), the
# update, mark-good and boot-check units. Other images carry none of it.
if [ "${AB:-0}" = 1 ]; then
	[ -s "${BUNDLE_KEYRING:-}" ] || { echo "customize: AB=1 needs BUNDLE_KEYRING (make bundle-keys)" >&2; exit 1; }
	install -m 0644 "$BUNDLE_KEYRING" "$R/etc/rauc/keyring.pem"
	echo "${IMAGE_VERSION:-0}" >"$R/etc/accord-image-version"
	chroot "$R" systemctl enable accord-update.timer accord-mark-good.service accord-boot-check.timer
else
	rm -rf "$R/etc/rauc" "$R/usr/local/sbin/accord-rauc-boot" "$R/usr/local/sbin/accord-boot-check" "$R/usr/local/sbin/accord-update"
	rm -f "$R"/etc/systemd/system/accord-update.* "$R"/etc/systemd/system/accord-mark-good.* "$R"/etc/systemd/system/accord-boot-check.*
	rm -f "$R"/etc/udev/rules.d/71-accord-update.rules
fi

echo accord >"$R/etc/hostname"
# Files that change per kiosk live in /run (root is read-only).
ln -sfn /run/accord-kiosk/localtime "$R/etc/localtime"
mkdir -p "$R/etc/wpa_supplicant"
ln -sfn /run/accord-kiosk/wpa_supplicant-wlan0.conf "$R/etc/wpa_supplicant/wpa_supplicant-wlan0.conf"
# Mount points: data partition, and what is bound from it.
mkdir -p "$R/data" "$R/var/lib/accord" "$R/var/lib/systemd/timesync" "$R/boot/firmware"
# Caches and lists rebuilt by apt are not needed on a read-only kiosk.
rm -rf "$R"/tmp/* "$R"/var/lib/apt/lists/* "$R"/var/cache/apt/*.bin "$R"/var/cache/apt/archives/*.deb "$R"/var/log/*.log
