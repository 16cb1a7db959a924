# mk/bundle.mk - signed A/B update bundles (included by the top Makefile).
#
#   make bundle-keys      a development CA and bundle-signing key in $(BUILD)/keys
#                         (production: your own CA; set BUNDLE_CERT/KEY/KEYRING)
#   make bundle           make image AB=1, then build/accord-$(VERSION).raucb (+ .sha256)
#
# The keyring (the CA certificate) is baked into A/B images as
# /etc/rauc/keyring.pem: a kiosk installs only bundles signed under it.
# See kiosk-image/README.md and docs/it-guide.md ("Updates").

KEYS           = $(BUILD)/keys
BUNDLE_CERT   ?= $(KEYS)/bundle.pem
BUNDLE_KEY    ?= $(KEYS)/bundle.key
BUNDLE_KEYRING ?= $(KEYS)/ca.pem
BUNDLE_FILE    = $(BUILD)/accord-$(VERSION).raucb

.PHONY: bundle bundle-keys
bundle-keys:
	@if [ -e $(KEYS)/ca.key ]; then echo "bundle-keys: $(KEYS) already has keys (kept)"; else \
	mkdir -p $(KEYS) && chmod 700 $(KEYS) && \
	openssl req -x509 -newkey rsa:3072 -nodes -days 3650 -subj "/O=Accord kiosks/CN=Accord update CA (development)" \
		-keyout $(KEYS)/ca.key -out $(KEYS)/ca.pem 2>/dev/null && \
	openssl req -newkey rsa:3072 -nodes -subj "/O=Accord kiosks/CN=Accord bundle signing" \
		-keyout $(KEYS)/bundle.key -out $(KEYS)/bundle.csr 2>/dev/null && \
	printf 'keyUsage=critical,digitalSignature\n' > $(KEYS)/bundle.ext && \
	openssl x509 -req -in $(KEYS)/bundle.csr -CA $(KEYS)/ca.pem -CAkey $(KEYS)/ca.key -CAcreateserial -days 1825 \
		-extfile $(KEYS)/bundle.ext -out $(KEYS)/bundle.pem 2>/dev/null && \
	echo "bundle-keys: development CA and signing key in $(KEYS)"; fi

bundle: bundle-keys
	$(MAKE) --no-print-directory image AB=1 BUNDLE_KEYRING=$(abspath $(BUNDLE_KEYRING)) IMAGE_VERSION=$(VERSION)
	bash kiosk-image/mkbundle.sh $(IMAGE_WORK) $(VERSION) $(BUNDLE_CERT) $(BUNDLE_KEY) $(BUNDLE_KEYRING) $(BUNDLE_FILE)
