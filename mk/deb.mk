# mk/deb.mk - `make install` and `make deb` (included by the top Makefile).
#
#   make install [DESTDIR=...] [PREFIX=/usr]   binary, assets, man page, unit,
#                                               default config (kept if present)
#   make deb [DEB_ARCH=arm64]                  build/accord_$(VERSION)_<arch>.deb
#
# The .deb is staged by hand and built with dpkg-deb (no debhelper): a
# hardened build from dpkg-buildflags in its own tree ($(BUILD)/deb-<arch>),
# cross-compiled when DEB_ARCH differs from the host (needs the cross
# toolchain and the :<arch> -dev packages, see kiosk-image/deps.sh).
# DEB_BIN=path packages an already built binary instead. docs/packaging.md
# explains the choices and every lintian tag left.

DEB_HOST_ARCH_NATIVE := $(shell dpkg --print-architecture 2>/dev/null)
DEB_ARCH       ?= $(DEB_HOST_ARCH_NATIVE)
DEB_REVISION   ?= 1
DEB_VERSION     = $(VERSION)-$(DEB_REVISION)
DEB_MAINTAINER ?= Accord maintainers <accord@example.org>
DEB_FILE        = $(BUILD)/accord_$(VERSION)_$(DEB_ARCH).deb
DEB_OBJ         = $(BUILD)/deb-$(DEB_ARCH)
DEB_ROOT        = $(DEB_OBJ)/root
DEB_MULTIARCH   = $(shell dpkg-architecture -a$(DEB_ARCH) -qDEB_HOST_MULTIARCH 2>/dev/null)
DEB_GNU_TYPE    = $(shell dpkg-architecture -a$(DEB_ARCH) -qDEB_HOST_GNU_TYPE 2>/dev/null)
# Cross builds: <triplet>-gcc, and pkg-config looking only at <arch> .pc files.
ifeq ($(DEB_ARCH),$(DEB_HOST_ARCH_NATIVE))
DEB_CC         ?= $(CC)
DEB_STRIP      ?= strip
DEB_RANLIB     ?= ranlib
DEB_PKGCONFIG_ENV =
else
DEB_CC         ?= $(DEB_GNU_TYPE)-gcc
DEB_STRIP      ?= $(DEB_GNU_TYPE)-strip
DEB_RANLIB     ?= $(DEB_GNU_TYPE)-ranlib
# SQLCipher's -dev package cannot be installed for two architectures at once
# (its :arm64 copy would replace the host's), and the program does not link
# SQLCipher (store/sqlso.c loads it at run time): its headers, the same on
# every architecture, come from the host's .pc, through a headers-only .pc.
DEB_CROSS_PC    = $(abspath $(DEB_OBJ))/pkgconfig
DEB_PKGCONFIG_ENV = PKG_CONFIG_LIBDIR=$(DEB_CROSS_PC):/usr/lib/$(DEB_MULTIARCH)/pkgconfig:/usr/share/pkgconfig
endif
DEB_BUILDFLAGS  = DEB_HOST_ARCH=$(DEB_ARCH) DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags
DEB_BIN        ?= $(DEB_OBJ)/accord
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || date +%s)
export SOURCE_DATE_EPOCH

# Where systemd units go on this release (/lib/systemd/system on Debian 12,
# /usr/lib/systemd/system on 13; both work on both with merged /usr).
SYSTEMD_UNITDIR ?= $(shell pkg-config --variable=systemdsystemunitdir systemd 2>/dev/null || echo /lib/systemd/system)

# Hardened (and maybe cross) build of the program in its own tree. The
# objects come from the top Makefile's rules with other BUILD/CC/CFLAGS;
# the link is done here because it needs LDFLAGS (relro, bindnow).
$(DEB_OBJ)/accord: FORCE
	@mkdir -p $(DEB_OBJ)
	$(if $(DEB_CROSS_PC),@mkdir -p $(DEB_CROSS_PC) && printf 'Name: SQLCipher\nDescription: headers only (store/sqlso.c loads the library)\nVersion: %s\nCflags: %s\nLibs:\n' \
	  "$$(pkg-config --modversion sqlcipher)" "$$(pkg-config --cflags sqlcipher)" > $(DEB_CROSS_PC)/sqlcipher.pc)
	$(DEB_PKGCONFIG_ENV) $(MAKE) --no-print-directory BUILD=$(DEB_OBJ) CC=$(DEB_CC) \
	  CFLAGS="$$($(DEB_BUILDFLAGS) --get CFLAGS) $$($(DEB_BUILDFLAGS) --get CPPFLAGS)" \
	  $(DEB_OBJ)/src/app/main.o $(DEB_OBJ)/libaccord.a
	$(DEB_RANLIB) $(DEB_OBJ)/libaccord.a
	$(DEB_CC) $$($(DEB_BUILDFLAGS) --get CFLAGS) $$($(DEB_BUILDFLAGS) --get LDFLAGS) \
	  -o $@ $(DEB_OBJ)/src/app/main.o $(DEB_OBJ)/libaccord.a \
	  $$($(DEB_PKGCONFIG_ENV) pkg-config --libs $(LINKPKGS)) -lm -lpthread

.PHONY: FORCE
FORCE:

# Default /etc/accord/accord.conf: what the program itself prints with
# --print-config (one table of keys, so it never goes stale), else the
# hand-written packaging/accord.conf. $(1) = binaries to ask, in order
# (one that cannot run here, e.g. cross-built, is skipped), $(2) = output.
define accord_conf
	@for b in $(1); do \
	  if [ -x "$$b" ] && SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy timeout -k 5 20 "$$b" --print-config >$(2).tmp 2>/dev/null \
	     && grep -q '^#* *kiosk_name' $(2).tmp; then \
	    mv $(2).tmp $(2); echo "conf: $(2) from $$b --print-config"; exit 0; \
	  fi; \
	done; \
	rm -f $(2).tmp; cp packaging/accord.conf $(2); echo "conf: $(2) from packaging/accord.conf"
endef

# Copy files of the program into a root: $(1) = binary, $(2) = destination root.
define accord_install
	install -d -m 0755 $(2)$(PREFIX)/bin $(2)$(PREFIX)/share/accord \
	  $(2)$(PREFIX)/share/man/man1 $(2)/etc/accord $(2)$(SYSTEMD_UNITDIR)
	install -m 0755 $(1) $(2)$(PREFIX)/bin/accord
	cd assets && find . -type d ! -name '.*' -exec install -d -m 0755 '$(abspath $(2))$(PREFIX)/share/accord/{}' \;
	cd assets && find . -type f ! -name '.*' ! -path '*/.*' -exec install -m 0644 '{}' '$(abspath $(2))$(PREFIX)/share/accord/{}' \;
	gzip -9n <packaging/accord.1 >$(2)$(PREFIX)/share/man/man1/accord.1.gz
	chmod 0644 $(2)$(PREFIX)/share/man/man1/accord.1.gz
	sed 's|/usr/bin/accord|$(PREFIX)/bin/accord|' packaging/accord.service >$(2)$(SYSTEMD_UNITDIR)/accord.service
	chmod 0644 $(2)$(SYSTEMD_UNITDIR)/accord.service
endef

# make install: for a plain PC. Keeps an existing accord.conf; does not
# create the user (the .deb does; see docs/packaging.md).
install: $(BUILD)/accord
	$(call accord_install,$(BUILD)/accord,$(DESTDIR))
	$(call accord_conf,$(BUILD)/accord,$(BUILD)/accord.conf.default)
	@if [ -e $(DESTDIR)/etc/accord/accord.conf ]; then \
	  echo "install: keeping $(DESTDIR)/etc/accord/accord.conf"; \
	else install -m 0644 $(BUILD)/accord.conf.default $(DESTDIR)/etc/accord/accord.conf; fi

deb: $(DEB_FILE)

$(DEB_FILE): $(DEB_BIN) packaging/control.in packaging/postinst packaging/prerm packaging/postrm \
             packaging/conffiles packaging/copyright packaging/changelog packaging/accord.service \
             packaging/accord.conf packaging/accord.1 FORCE
	rm -rf $(DEB_ROOT) && mkdir -p $(DEB_ROOT)/DEBIAN
	$(MAKE) --no-print-directory -s deb-stage-files PREFIX=/usr DEB_ARCH=$(DEB_ARCH) DEB_BIN=$(DEB_BIN)
	$(DEB_STRIP) --strip-unneeded --remove-section=.comment --remove-section=.note $(DEB_ROOT)/usr/bin/accord
	$(call accord_conf,$(DEB_BIN) $(BUILD)/accord,$(DEB_OBJ)/accord.conf)
	install -m 0644 $(DEB_OBJ)/accord.conf $(DEB_ROOT)/etc/accord/accord.conf
	install -d -m 0755 $(DEB_ROOT)/usr/share/doc/accord
	install -m 0644 packaging/copyright $(DEB_ROOT)/usr/share/doc/accord/copyright
	gzip -9n <packaging/changelog >$(DEB_ROOT)/usr/share/doc/accord/changelog.Debian.gz
	chmod 0644 $(DEB_ROOT)/usr/share/doc/accord/changelog.Debian.gz
	install -m 0755 packaging/postinst packaging/prerm packaging/postrm $(DEB_ROOT)/DEBIAN/
	install -m 0644 packaging/conffiles $(DEB_ROOT)/DEBIAN/conffiles
	cd $(DEB_ROOT) && find . -type f ! -path './DEBIAN/*' -printf '%P\n' | LC_ALL=C sort | xargs md5sum >DEBIAN/md5sums
	chmod 0644 $(DEB_ROOT)/DEBIAN/md5sums
	@# dpkg-shlibdeps wants a debian/control next to it; give it a minimal one.
	mkdir -p $(DEB_OBJ)/shlibs/debian
	printf 'Source: accord\n\nPackage: accord\nArchitecture: any\n' >$(DEB_OBJ)/shlibs/debian/control
	cd $(DEB_OBJ)/shlibs && DEB_HOST_ARCH=$(DEB_ARCH) dpkg-shlibdeps -O -e$(abspath $(DEB_ROOT))/usr/bin/accord \
	  | sed -n 's/^shlibs:Depends=//p' >../shlibs.depends
	@test -s $(DEB_OBJ)/shlibs.depends || { echo "deb: dpkg-shlibdeps found no dependencies" >&2; exit 1; }
	sed -e 's|@VERSION@|$(DEB_VERSION)|' -e 's|@ARCH@|$(DEB_ARCH)|' \
	    -e 's|@MAINTAINER@|$(DEB_MAINTAINER)|' \
	    -e "s|@INSTALLED_SIZE@|$$(du -sk --apparent-size --exclude=DEBIAN $(DEB_ROOT) | cut -f1)|" \
	    -e "s|@DEPENDS@|$$(cat $(DEB_OBJ)/shlibs.depends), libcurl4 (>= 7.80), libsqlcipher0, adduser, fonts-dejavu-core, espeak-ng-data|" \
	    packaging/control.in >$(DEB_ROOT)/DEBIAN/control
	dpkg-deb --root-owner-group -Zxz --build $(DEB_ROOT) $@
	@echo "deb: $@"

# Internal: the install step of `make deb` (own make so PREFIX is /usr).
.PHONY: deb-stage-files
deb-stage-files:
	$(call accord_install,$(DEB_BIN),$(DEB_ROOT))
