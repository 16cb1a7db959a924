# mk/image.mk - `make image` and `make image-test` (included by the top Makefile).
#
#   make image [SUITE=bookworm|trixie]  build/accord-$(VERSION)-rpi-arm64.img.xz + .sha256
#   make image-test                     the above, then boot it in QEMU (slow: minutes)
#   make image-test AB=1                make bundle (A/B image + signed bundle), then the
#   (= make image-test-ab)              update/rollback cycle in QEMU (kiosk-image/test-ab.sh;
#                                       slow: ~30 minutes; TRIAL_MIN= trial minutes, default 4)
#
# Steps: kiosk-image/deps.sh (host tools, arm64 cross toolchain, binfmt),
# `make deb DEB_ARCH=arm64` (cross-compiled .deb), kiosk-image/mkroot.sh
# (mmdebstrap arm64 root, .debs cached in $(BUILD)/image-cache), then
# kiosk-image/mkimage.sh (partitions as files, sfdisk, xz).
# See kiosk-image/README.md.

SUITE       ?= bookworm
IMAGE_WORK   = $(BUILD)/image
IMAGE_FILE   = $(BUILD)/accord-$(VERSION)-rpi-arm64.img.xz
IMAGE_DEB    = $(BUILD)/accord_$(VERSION)_arm64.deb

image:
	sh kiosk-image/deps.sh $(PKGS)
	$(MAKE) --no-print-directory deb DEB_ARCH=arm64
	SUITE=$(SUITE) CACHE=$(BUILD)/image-cache/$(SUITE) bash kiosk-image/mkroot.sh $(IMAGE_DEB) $(IMAGE_WORK)
	bash kiosk-image/mkimage.sh $(IMAGE_WORK) $(IMAGE_FILE)

ifeq ($(AB),1)
image-test: image-test-ab
else
image-test: image
	bash kiosk-image/test.sh $(IMAGE_WORK)
endif

.PHONY: image-test-ab
image-test-ab: bundle
	bash kiosk-image/test-ab.sh $(IMAGE_WORK) $(VERSION) $(BUNDLE_CERT) $(BUNDLE_KEY) $(BUNDLE_KEYRING)
