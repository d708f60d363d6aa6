# debathena-stage1: one non-recursive Makefile.
#
#   make                 build build/tftp/ (module, menus, Debian's PXELINUX)
#   make check           unit, golden, valgrind, fuzz smoke, the dialog
#                        service (no guest) and QEMU tests
#   make demo            boot a QEMU PXE client into the prompt
#   make install TFTPROOT=DIR [IPXE=trixie|bookworm] [SECUREBOOT=trixie|bookworm]
#                [FORCE_CONFIG=1]
#   make install-service HTTPROOT=DIR   the dialog service (CGI)
#   make bench           measured figures (time to prompt, sizes)
#   make golden-update   regenerate tests/golden/*.expected
#   make fuzz            run each libFuzzer target FUZZ_TIME seconds (60),
#                        or FUZZ_RUNS executions
#   make format          clang-format the C sources
#   V=1                  show full commands
#   SYSLINUX_SRC=DIR     use an unpacked syslinux source tree

B        := build
V        ?= 0
Q        := $(if $(filter 1,$(V)),,@)
HOSTCC   ?= cc

# Debian's binaries the TFTP root is made of.
PXELINUX_DIR := /usr/lib/PXELINUX
BIOS_MODDIR  := /usr/lib/syslinux/modules/bios
IPXE_DIR     := /usr/lib/ipxe

# Debian 13's ipxe (Architecture: all), downloaded from the archive the
# machine uses, its suite changed, and unpacked under build/: nothing
# installed changes (scripts/fetch-release).
IPXE_TRIXIE       := $(B)/ipxe-trixie
IPXE_TRIXIE_STAMP := $(IPXE_TRIXIE)/.debian-version
$(IPXE_TRIXIE_STAMP): scripts/fetch-release | deps
	@echo "  FETCH   Debian 13's ipxe (apt-get download)"
	$(Q)scripts/fetch-release trixie ipxe $(IPXE_TRIXIE)
ipxe-trixie: $(IPXE_TRIXIE_STAMP)

# Debian's signed shim and GRUB (Secure Boot: doc/secure-boot.md), of
# Debian 13 (trixie) and 12 (bookworm), fetched the same way.
SIGNED = $(B)/signed-$(1)/shim/.debian-version $(B)/signed-$(1)/grub/.debian-version
$(B)/signed-%/shim/.debian-version: scripts/fetch-release | deps
	@echo "  FETCH   Debian's shim-signed ($*)"
	$(Q)scripts/fetch-release $* shim-signed $(B)/signed-$*/shim
$(B)/signed-%/grub/.debian-version: scripts/fetch-release | deps
	@echo "  FETCH   Debian's grub-efi-amd64-signed ($*)"
	$(Q)scripts/fetch-release $* grub-efi-amd64-signed $(B)/signed-$*/grub
signed-trixie: $(call SIGNED,trixie)
signed-bookworm: $(call SIGNED,bookworm)

# --- The syslinux com32 library, from Debian's source package -------------

ifeq ($(SYSLINUX_SRC),)
SYSLINUX_SRC   := $(B)/syslinux/src
SYSLINUX_STAMP := $(B)/syslinux/src/.debian-version
$(SYSLINUX_STAMP): scripts/fetch-source | deps
	@echo "  FETCH   syslinux source (apt-get source)"
	$(Q)scripts/fetch-source syslinux syslinux-common $(B)/syslinux
else
SYSLINUX_STAMP :=
endif
SX_OBJ   := $(abspath $(B))/syslinux/obj
SX_BIOS  := $(SX_OBJ)/bios
LIBCOM32 := $(SX_BIOS)/com32/lib/libcom32.c32
LIBUTIL  := $(SX_BIOS)/com32/libutil/libutil.c32

# Only the two libraries the module links against are built, for each
# firmware: $(1) = bios or efi64.
define com32_libs
$$(SX_OBJ)/$(1)/com32/lib/libcom32.c32 $$(SX_OBJ)/$(1)/com32/libutil/libutil.c32 &: $$(SYSLINUX_STAMP)
	@echo "  BUILD   syslinux com32 libraries ($(1))"
	$$(Q)mkdir -p $$(SX_OBJ)
	$$(Q)$$(MAKE) -s -C $$(SYSLINUX_SRC) O=$$(SX_OBJ) BSUBDIRS=com32 \
		ISUBDIRS= SUBDIRS="lib libutil" PYTHON=python3 $(1) \
		>$$(B)/syslinux/build-$(1).log 2>&1 || \
		{ tail -20 $$(B)/syslinux/build-$(1).log; exit 1; }
	$$(Q)touch $$(SX_OBJ)/$(1)/com32/lib/libcom32.c32 \
		$$(SX_OBJ)/$(1)/com32/libutil/libutil.c32
endef
$(eval $(call com32_libs,bios))
$(eval $(call com32_libs,efi64))

SX_EFI64   := $(SX_OBJ)/efi64
LIBCOM32_E := $(SX_EFI64)/com32/lib/libcom32.c32
LIBUTIL_E  := $(SX_EFI64)/com32/libutil/libutil.c32

# --- Ed25519, SHA-512 and SHA-256 from Debian's libsodium source ---------
#
# Only the verification path: libsodium's own files, compiled for each
# target with its CFLAGS, then linked into one relocatable object keeping
# only what the roots below reach (no signing, no base-point table, no
# allocator, no random numbers).  $(1) = target, $(2) its CFLAGS,
# $(3) ld emulation, $(4) compiler.

SODIUM_STAMP := $(B)/libsodium/src/.debian-version
$(SODIUM_STAMP): scripts/fetch-source | deps
	@echo "  FETCH   libsodium source (apt-get source)"
	$(Q)scripts/fetch-source libsodium libsodium23 $(B)/libsodium

SODIUM_DIR   := $(B)/libsodium/src/src/libsodium
SODIUM_INC   := -I$(SODIUM_DIR)/include -DSODIUM_STATIC=1
SODIUM_FILES := crypto_sign/ed25519/ref10/open.c \
	crypto_sign/ed25519/ref10/sign.c \
	crypto_core/ed25519/ref10/ed25519_ref10.c \
	crypto_hash/sha512/cp/hash_sha512_cp.c \
	crypto_hash/sha256/cp/hash_sha256_cp.c \
	crypto_verify/sodium/verify.c sodium/utils.c sodium/codecs.c
SODIUM_ROOTS := crypto_sign_ed25519_verify_detached crypto_hash_sha256_init \
	crypto_hash_sha256_update crypto_hash_sha256_final sodium_base642bin
# The unit tests also write signify files.
SODIUM_ROOTS_host := sodium_bin2base64
# The configure results libsodium would find: little-endian x86, and
# 128-bit integers (the 51-bit field code) where the target has them.
SODIUM_DEFS  := -DCONFIGURED=1 -DNATIVE_LITTLE_ENDIAN=1 -DSODIUM_STATIC=1 \
	-ffunction-sections -fdata-sections -w

define sodium_object
$(B)/$(1)/sodium/%.o: $$(SODIUM_STAMP) $$(SYSLINUX_STAMP)
	@mkdir -p $$(dir $$@)
	$$(Q)$(4) $$(filter-out -W% -Werror,$$($(2))) \
		$$(SODIUM_DEFS) -I$$(SODIUM_DIR)/include/sodium -c -o $$@ $$(SODIUM_DIR)/$$*.c

$(B)/$(1)/sodium.o: $$(patsubst %.c,$(B)/$(1)/sodium/%.o,$$(SODIUM_FILES))
	@echo "  LD      $$@ (libsodium $$(shell cat $$(SODIUM_STAMP)))"
	$$(Q)ld -m $(3) -r --gc-sections $$(addprefix -u ,$$(SODIUM_ROOTS) $$(SODIUM_ROOTS_$(1))) \
		-o $$@ $$^
endef

# --- Portable engine ------------------------------------------------------

# The engine's layers, each using only those before it (tests/engine-layers
# checks every #include): what a front end needs is a prefix of this list.
ENGINE_LAYERS := base lang net trust dialog boot emit stage1
engine_src = $(foreach l,$(1),$(wildcard engine/$(l)/*.c))
ENGINE_SRC := $(call engine_src,$(ENGINE_LAYERS))
ENGINE_HDR := $(foreach l,$(ENGINE_LAYERS),$(wildcard engine/$(l)/*.h))
# Every engine include names its layer: "lang/menu.h".
ENGINE_INC := -Iengine

# --- The COM32 module (bios) ----------------------------------------------

SX := $(SYSLINUX_SRC)
# Size first (doc/integrity.md: the module and its menu within 96 KiB):
# -Oz without inlining small functions, and tuned for today's CPUs rather
# than the i386's (-march=i386 alone tunes for it, which costs 350 bytes
# here), still i386 code.  The hashes
# and Ed25519 (libsodium, below) stay at -Os: they run over the stage2.
COM32_CFLAGS := -std=gnu99 -m32 -march=i386 -mtune=generic \
	-mpreferred-stack-boundary=2 \
	-Oz -fno-inline-small-functions -fno-jump-tables -fomit-frame-pointer -fno-stack-protector -fwrapv \
	-freg-struct-return -fno-exceptions -fno-asynchronous-unwind-tables \
	-fPIC -falign-functions=0 -falign-jumps=0 -falign-labels=0 \
	-falign-loops=0 -mregparm=3 -DREGPARM=3 -W -Wall -Wextra -Werror \
	-Wno-missing-field-initializers -fcommon -D__COM32__ \
	-D__FIRMWARE_BIOS__ -DDYNAMIC_MODULE -fvisibility=hidden \
	-ffunction-sections -fdata-sections \
	-nostdinc -iwithprefix include $(ENGINE_INC) \
	-I$(SX)/com32/libutil/include -I$(SX)/com32/include \
	-I$(SX)/com32/include/sys -I$(SX)/core/include -I$(SX)/bios

# The module is built from every layer up to emit/ (the chain script and
# the boot report): stage1/ is iPXE as the stage1, the host's business.
# What it does not call, --gc-sections drops (the menu printer).
MOD_ENGINE_SRC := $(call engine_src,base lang net trust dialog boot emit)
MOD_B    := $(B)/bios
MOD_OBJS := $(patsubst engine/%.c,$(MOD_B)/engine/%.o,$(MOD_ENGINE_SRC)) \
	$(MOD_B)/debathena.o $(MOD_B)/builtin_menu.o $(MOD_B)/builtin_masks.o \
	$(MOD_B)/builtin_keys.o $(MOD_B)/sodium.o

# The module for one firmware: $(1) object dir, $(2) CFLAGS, $(3) libcom32,
# $(4) libutil, $(5) ld emulation, $(6) elf.ld directory, $(7) objects.
define com32_module
$(1)/engine/%.o: engine/%.c $$(ENGINE_HDR) $(3) $$(SODIUM_STAMP)
	@echo "  CC      $$@"
	$$(Q)mkdir -p $$(dir $$@)
	$$(Q)gcc $$($(2)) $$(SODIUM_INC) -c -o $$@ $$<

$(1)/%.o: com32/%.c $$(ENGINE_HDR) $(3) $$(SODIUM_STAMP)
	@echo "  CC      $$@"
	$$(Q)mkdir -p $$(dir $$@)
	$$(Q)gcc $$($(2)) $$(SODIUM_INC) -c -o $$@ $$<

$(1)/%.o: $$(B)/gen/%.c $(3)
	@echo "  CC      $$@"
	$$(Q)mkdir -p $$(dir $$@)
	$$(Q)gcc $$($(2)) -c -o $$@ $$<

# syslinux 6.04's module loader reads every PT_LOAD from the file and
# cannot load one of the data alone ("Failed to load COM32 file"), which
# ld makes when the read-only part ends on a page boundary.  Then the
# link is made again with one byte of padding (com32/pad.c) after it:
# one segment, checked.
$(1)/debathena.elf: $$($(7)) $(1)/pad.o $(3) $(4) Makefile
	@echo "  LD      $$@"
	$$(Q)for pad in "" "-u debathena_pad $(1)/pad.o"; do \
		ld -m $(5) -shared --hash-style=gnu --gc-sections \
		-z noseparate-code \
		-T $$(SX)/com32/lib/$(6)/elf.ld --as-needed -o $$@.tmp \
		$$($(7)) $$$$pad $(4) $(3) || exit 1; \
		n=$$$$(readelf -l -W $$@.tmp | grep -c ' LOAD '); \
		[ "$$$$n" -ne 1 ] || break; \
	done; \
	[ "$$$$n" -eq 1 ] || { echo "$$@: $$$$n PT_LOAD segments;" \
		"the syslinux loader takes one"; exit 1; }
	$$(Q)mv $$@.tmp $$@

$(1)/debathena.c32: $(1)/debathena.elf
	@echo "  STRIP   $$@"
	$$(Q)objcopy --strip-debug --strip-unneeded --remove-section=.comment $$< $$@
endef
$(eval $(call com32_module,$(MOD_B),COM32_CFLAGS,$(LIBCOM32),$(LIBUTIL),elf_i386,i386,MOD_OBJS))
SODIUM_CFLAGS_B := $(COM32_CFLAGS) -Icom32/shim -Os
$(eval $(call sodium_object,bios,SODIUM_CFLAGS_B,elf_i386,gcc))

# The same module for UEFI (syslinux.efi), from the same sources.
COM32_CFLAGS_E := -std=gnu99 -m64 -mno-red-zone -Os -fomit-frame-pointer \
	-fno-stack-protector -fwrapv -freg-struct-return -fno-exceptions \
	-fno-asynchronous-unwind-tables -fPIC -falign-functions=0 \
	-falign-jumps=0 -falign-labels=0 -falign-loops=0 -W -Wall -Wextra \
	-Werror -Wno-missing-field-initializers -fcommon -D__COM32__ \
	-D__FIRMWARE_EFI64__ -DDYNAMIC_MODULE -fvisibility=hidden \
	-ffunction-sections -fdata-sections \
	-nostdinc -iwithprefix include $(ENGINE_INC) \
	-I$(SX)/com32/libutil/include -I$(SX)/com32/include \
	-I$(SX)/com32/include/sys -I$(SX)/core/include -I$(SX)/efi

MOD_E    := $(B)/efi64
MOD_OBJS_E := $(patsubst $(MOD_B)/%,$(MOD_E)/%,$(MOD_OBJS)) $(MOD_E)/efi_net.o

# Only efi_net.c talks to the firmware: gnu-efi's headers, calls in the
# Microsoft x64 convention.
GNU_EFI_INC := /usr/include/efi
$(MOD_E)/efi_net.o: COM32_CFLAGS_E := -DGNU_EFI_USE_MS_ABI \
	-I$(GNU_EFI_INC) -I$(GNU_EFI_INC)/x86_64 -I$(GNU_EFI_INC)/protocol \
	$(COM32_CFLAGS_E)

$(eval $(call com32_module,$(MOD_E),COM32_CFLAGS_E,$(LIBCOM32_E),$(LIBUTIL_E),elf_x86_64,x86_64,MOD_OBJS_E))
SODIUM_CFLAGS_E := $(COM32_CFLAGS_E) -Icom32/shim -DHAVE_TI_MODE=1
$(eval $(call sodium_object,efi64,SODIUM_CFLAGS_E,elf_x86_64,gcc))

# The host's copy, for the host tool, the service, the tests and fuzzers.
SODIUM_HOST_CFLAGS := -std=gnu99 -g -O2 -fPIC -DHAVE_TI_MODE=1
$(eval $(call sodium_object,host,SODIUM_HOST_CFLAGS,elf_x86_64,$(HOSTCC)))
SODIUM_HOST := $(B)/host/sodium.o

# Built-in copies of the shipped menu and masks table.
$(B)/host/bin2c: tools/bin2c.c
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) -O2 -Wall -Wextra -o $@ $<

# The menu is kept gzip-compressed (a third of its size): the module
# inflates it with libcom32's zlib.  The built-in copies of the menu and
# the masks table have their comment lines emptied (the menu's line
# numbers kept, for messages): comments are for the site's files.
UNCOMMENT := sed 's/^[[:space:]]*\#.*$$//'
$(B)/gen/debathena.menu.gz: menus/debathena.menu
	@mkdir -p $(dir $@)
	$(Q)$(UNCOMMENT) $< | gzip -9n > $@
$(B)/gen/builtin_menu.c: $(B)/gen/debathena.menu.gz $(B)/host/bin2c
	@mkdir -p $(dir $@)
	$(Q)$(B)/host/bin2c builtin_menu_gz $< $@

$(B)/gen/athena.masks: menus/athena.masks
	@mkdir -p $(dir $@)
	$(Q)$(UNCOMMENT) $< | sed '/^$$/d' > $@
$(B)/gen/builtin_masks.c: $(B)/gen/athena.masks $(B)/host/bin2c
	@mkdir -p $(dir $@)
	$(Q)$(B)/host/bin2c builtin_masks $< $@

# Signing keys built into the module: make KEYS=FILE (one or more signify
# public keys, concatenated).  Without KEYS, none.  The file's name is
# remembered so a change of KEYS rebuilds the module.
KEYS ?=
$(B)/gen/keys-file: FORCE
	@mkdir -p $(dir $@)
	$(Q)echo '$(abspath $(KEYS))' | cmp -s - $@ || \
		echo '$(abspath $(KEYS))' > $@
$(B)/gen/builtin_keys.c: $(B)/gen/keys-file $(KEYS) $(B)/host/bin2c
	@mkdir -p $(dir $@)
	$(Q)$(B)/host/bin2c builtin_keys $(if $(KEYS),$(KEYS),/dev/null) $@
FORCE:

# The module as `make KEYS=tests/signify/ab.pub` builds it (test keys A
# and B built in), linked from the same objects, for the QEMU case that
# boots it with no key= in its label (tests/cases/signed_builtin_keys).
KEYED_KEYS := tests/signify/a.pub tests/signify/b.pub
$(B)/gen/keyed/builtin_keys.c: $(KEYED_KEYS) $(B)/host/bin2c
	@mkdir -p $(dir $@)
	$(Q)cat $(KEYED_KEYS) > $(B)/gen/keyed/keys.pub
	$(Q)$(B)/host/bin2c builtin_keys $(B)/gen/keyed/keys.pub $@
KEYED_OBJS   := $(filter-out %/builtin_keys.o,$(MOD_OBJS)) $(B)/keyed/bios/builtin_keys.o
KEYED_OBJS_E := $(filter-out %/builtin_keys.o,$(MOD_OBJS_E)) $(B)/keyed/efi64/builtin_keys.o
$(B)/keyed/bios/builtin_keys.o: $(B)/gen/keyed/builtin_keys.c $(LIBCOM32)
	@mkdir -p $(dir $@)
	$(Q)gcc $(COM32_CFLAGS) -c -o $@ $<
$(B)/keyed/efi64/builtin_keys.o: $(B)/gen/keyed/builtin_keys.c $(LIBCOM32_E)
	@mkdir -p $(dir $@)
	$(Q)gcc $(COM32_CFLAGS_E) -c -o $@ $<
$(eval $(call com32_module,$(B)/keyed/bios,COM32_CFLAGS,$(LIBCOM32),$(LIBUTIL),elf_i386,i386,KEYED_OBJS))
$(eval $(call com32_module,$(B)/keyed/efi64,COM32_CFLAGS_E,$(LIBCOM32_E),$(LIBUTIL_E),elf_x86_64,x86_64,KEYED_OBJS_E))
KEYED_MODULES := $(B)/keyed/bios/debathena.c32 $(B)/keyed/efi64/debathena.c32

# --- Host tool and tests --------------------------------------------------

HOST_CFLAGS := -std=gnu99 -g -O1 -Wall -Wextra -Werror \
	-Wno-missing-field-initializers \
	-fsanitize=address,undefined -fno-sanitize-recover=all
HOST_TOOL := $(B)/host/debathena-menu

$(HOST_TOOL): host/debathena-menu.c $(ENGINE_SRC) $(ENGINE_HDR) $(SODIUM_HOST)
	@echo "  HOSTCC  $@"
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) $(ENGINE_INC) $(SODIUM_INC) -o $@ host/debathena-menu.c $(ENGINE_SRC) $(SODIUM_HOST)

# The dialog service, as a site installs it: no sanitizers, hardened.
SERVICE_CFLAGS := -std=gnu99 -g -O2 -Wall -Wextra -Werror \
	-Wno-missing-field-initializers -Wno-format-truncation \
	-D_FORTIFY_SOURCE=2 \
	-fstack-protector-strong
SERVICE := $(B)/http/cgi-bin/debathena

$(SERVICE): host/debathena-cgi.c $(ENGINE_SRC) $(ENGINE_HDR) $(SODIUM_HOST)
	@echo "  HOSTCC  $@"
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(SERVICE_CFLAGS) $(ENGINE_INC) $(SODIUM_INC) -o $@ host/debathena-cgi.c $(ENGINE_SRC) $(SODIUM_HOST)

# libsodium's own Ed25519 test vectors (its test/default/sign.c), for
# tests/unit/test_signify.c.
$(B)/gen/sodium_sign_vectors.h: $(SODIUM_STAMP)
	@mkdir -p $(dir $@)
	$(Q)sed -n '/^typedef struct TestData_/,/^};/p' \
		$(B)/libsodium/src/test/default/sign.c > $@.tmp && \
		test "$$(grep -c '^{{' $@.tmp)" -gt 1000 && mv $@.tmp $@

UNIT_TESTS := $(patsubst tests/unit/%.c,$(B)/host/%,$(wildcard tests/unit/test_*.c))

$(B)/host/test_%: tests/unit/test_%.c $(wildcard tests/unit/*.h) $(ENGINE_SRC) $(ENGINE_HDR) $(SODIUM_HOST)
	@echo "  HOSTCC  $@"
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -Iengine $(SODIUM_INC) -I$(B)/gen -o $@ $< $(ENGINE_SRC) $(SODIUM_HOST)

# The same host tests without the sanitizers, under valgrind (memcheck:
# invalid reads and writes, uses of uninitialised values, leaks).
VG_B      := $(B)/valgrind
VG_UNIT   := $(patsubst tests/unit/%.c,$(VG_B)/%,$(wildcard tests/unit/test_*.c))
VG_CFLAGS := -std=gnu99 -g -O1 -Wall -Wextra -Werror \
	-Wno-missing-field-initializers
VG_RUN    := valgrind -q --error-exitcode=99 --leak-check=full \
	--show-leak-kinds=definite,indirect \
	--errors-for-leak-kinds=definite,indirect

# test_signify includes libsodium's vectors (above), on the host and under
# valgrind: after VG_B is defined, or the second target is /test_signify.
$(B)/host/test_signify $(VG_B)/test_signify: $(B)/gen/sodium_sign_vectors.h

$(VG_B)/test_%: tests/unit/test_%.c $(wildcard tests/unit/*.h) $(ENGINE_SRC) $(ENGINE_HDR) $(SODIUM_HOST)
	@echo "  HOSTCC  $@"
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(VG_CFLAGS) -Iengine $(SODIUM_INC) -I$(B)/gen -o $@ $< $(ENGINE_SRC) $(SODIUM_HOST)

$(VG_B)/debathena-menu.bin: host/debathena-menu.c $(ENGINE_SRC) $(ENGINE_HDR) $(SODIUM_HOST)
	@echo "  HOSTCC  $@"
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(VG_CFLAGS) $(ENGINE_INC) $(SODIUM_INC) -o $@ host/debathena-menu.c $(ENGINE_SRC) $(SODIUM_HOST)

# The tool as the golden and host-tool tests call it, under valgrind.
$(VG_B)/debathena-menu: $(VG_B)/debathena-menu.bin Makefile
	$(Q)printf '#!/bin/sh\nexec %s %s "$$@"\n' "$(VG_RUN)" \
		"$(abspath $<)" >$@ && chmod +x $@

# --- The TFTP root --------------------------------------------------------

TFTP := $(B)/tftp
TFTP_FILES := $(TFTP)/pxelinux.0 $(TFTP)/lpxelinux.0 $(TFTP)/ldlinux.c32 \
	$(TFTP)/libcom32.c32 $(TFTP)/libutil.c32 $(TFTP)/debathena.c32 \
	$(TFTP)/debathena.menu $(TFTP)/athena.masks $(TFTP)/pxechn.c32 \
	$(TFTP)/debathena.ipxe $(TFTP)/pxelinux.cfg/default $(B)/http/debathena.ipxe
# The menus for today's installers (doc/installers.md), beside the shipped
# one: a label picks one with menu=NAME.menu.
INSTALLER_MENUS := $(filter-out menus/debathena.menu,$(wildcard menus/*.menu))
TFTP_FILES += $(patsubst menus/%,$(TFTP)/%,$(INSTALLER_MENUS))

# The UEFI tree: Debian's syslinux.efi and efi64 modules with the efi64
# build of the module.  syslinux.efi reads its configuration from its own
# directory, so efi64/pxelinux.cfg is a link to the BIOS tree's: one
# label for both.  The module finds the menu, masks table and stage2 on
# the TFTP root itself (doc/deploying.md), so nothing else is linked.
EFI64_DIR   := /usr/lib/syslinux/modules/efi64
TFTP_EFI64  := $(TFTP)/efi64/syslinux.efi $(TFTP)/efi64/ldlinux.e64 \
	$(TFTP)/efi64/libcom32.c32 $(TFTP)/efi64/libutil.c32 \
	$(TFTP)/efi64/debathena.c32 $(TFTP)/efi64/pxelinux.cfg
TFTP_FILES += $(TFTP_EFI64)

/usr/lib/SYSLINUX.EFI/efi64/syslinux.efi: | deps
	@test -e $@ || { echo "missing $@: run scripts/install-deps as root"; exit 1; }
$(EFI64_DIR)/%: | deps
	@test -e $@ || { echo "missing $@: run scripts/install-deps as root"; exit 1; }
$(TFTP)/efi64/syslinux.efi: /usr/lib/SYSLINUX.EFI/efi64/syslinux.efi
	@mkdir -p $(dir $@)
	$(Q)cp $< $@
$(TFTP)/efi64/ldlinux.e64 $(TFTP)/efi64/libcom32.c32 $(TFTP)/efi64/libutil.c32: $(TFTP)/efi64/%: $(EFI64_DIR)/%
	@mkdir -p $(dir $@)
	$(Q)cp $< $@
$(TFTP)/efi64/debathena.c32: $(MOD_E)/debathena.c32
	@mkdir -p $(dir $@)
	$(Q)cp $< $@
$(TFTP)/efi64/pxelinux.cfg:
	@mkdir -p $(dir $@)
	$(Q)ln -sfn ../pxelinux.cfg $@

# The shipped menu as an iPXE stage1 script, for the TFTP root and for an
# HTTP tree a site can serve.
$(TFTP)/debathena.ipxe $(B)/http/debathena.ipxe: menus/debathena.menu $(HOST_TOOL)
	@echo "  IPXE    $@"
	@mkdir -p $(dir $@)
	$(Q)$(HOST_TOOL) ipxe $< > $@.tmp && mv $@.tmp $@

$(PXELINUX_DIR)/%.0 $(BIOS_MODDIR)/%.c32: | deps
	@test -e $@ || { echo "missing $@: run scripts/install-deps as root"; exit 1; }

$(TFTP)/pxelinux.0 $(TFTP)/lpxelinux.0: $(TFTP)/%: $(PXELINUX_DIR)/%
	@mkdir -p $(dir $@)
	$(Q)cp $< $@
$(TFTP)/ldlinux.c32 $(TFTP)/libcom32.c32 $(TFTP)/libutil.c32 $(TFTP)/pxechn.c32: $(TFTP)/%: $(BIOS_MODDIR)/%
	@mkdir -p $(dir $@)
	$(Q)cp $< $@
# iPXE is not in the built root: make install copies the generation a
# site asks for (IPXE=trixie or bookworm; default Debian 13's when it can
# be fetched) straight from Debian's files.
$(TFTP)/debathena.c32: $(MOD_B)/debathena.c32
	@mkdir -p $(dir $@)
	$(Q)cp $< $@
$(TFTP)/debathena.menu $(TFTP)/athena.masks $(patsubst menus/%,$(TFTP)/%,$(INSTALLER_MENUS)): $(TFTP)/%: menus/%
	@mkdir -p $(dir $@)
	$(Q)cp $< $@
$(TFTP)/pxelinux.cfg/default: menus/pxelinux.cfg
	@mkdir -p $(dir $@)
	$(Q)cp $< $@

.DEFAULT_GOAL := all
.PHONY: FORCE deps all ipxe-trixie signed-trixie signed-bookworm check unit golden doc-examples host-tool valgrind fuzz fuzz-smoke golden-update qemu-check service-check engine-state demo demo-check bench install install-service \
	format format-check clean distclean
all: $(TFTP_FILES) $(HOST_TOOL) $(SERVICE)

# Debian packages (and the deb-src entry) the build and tests need; does
# nothing when everything is there, needs root otherwise.
deps:
	$(Q)scripts/install-deps

# --- Checks ---------------------------------------------------------------

unit: $(UNIT_TESTS)
	$(Q)set -e; for t in $(UNIT_TESTS); do $$t; done

golden: $(HOST_TOOL)
	$(Q)tests/golden/run $(HOST_TOOL) check

# Two at a time, one per core: the golden tests beside the unit and then
# the host-tool tests.
valgrind: $(VG_UNIT) $(VG_B)/debathena-menu | deps
	$(Q)tests/golden/run $(VG_B)/debathena-menu check \
		>$(VG_B)/golden.log 2>&1 & golden=$$!; st=0; \
	for t in $(VG_UNIT); do $(VG_RUN) $$t >/dev/null || \
		{ echo "valgrind: $$t failed"; st=1; break; }; done; \
	[ $$st -ne 0 ] || tests/host-tool $(VG_B)/debathena-menu >/dev/null || \
		{ echo "valgrind: the host-tool tests failed"; st=1; }; \
	wait $$golden || { echo "valgrind: the golden tests failed" \
		"($(VG_B)/golden.log):"; tail -n 30 $(VG_B)/golden.log; st=1; }; \
	exit $$st
	@echo "valgrind: $(words $(VG_UNIT)) unit tests, golden and host-tool tests: no errors, no leaks"

doc-examples: $(HOST_TOOL)
	$(Q)tests/doc-examples $(HOST_TOOL)

service-check: $(HOST_TOOL) $(SERVICE)
	$(Q)tests/service/run $(HOST_TOOL) $(SERVICE)

host-tool: $(HOST_TOOL)
	$(Q)tests/host-tool $(HOST_TOOL)

golden-update: $(HOST_TOOL)
	$(Q)tests/golden/run $(HOST_TOOL) update

$(B)/tests/stage2.gz: tests/qemu/mkstage2 | deps
	@mkdir -p $(dir $@)
	$(Q)tests/qemu/mkstage2 $@

qemu-check: all $(HOST_TOOL) $(B)/tests/stage2.gz $(KEYED_MODULES)
	$(Q)tests/qemu/run-all

# make demo as a person sees it, in a 100x40 tmux terminal.
demo-check: all $(B)/tests/stage2.gz
	$(Q)tests/qemu/demo-screen
	$(Q)tests/qemu/demo-screen menus/debian.menu

# The engine keeps no state of its own: whatever a call needs to keep is
# its caller's (a struct the front end owns), so the same code serves one
# request after another.  Each engine source is compiled alone for the
# host, and nm must find no writable data in it: no .data or .bss (d, D,
# b, B), common (C) or small data (g, G, s, S).  Tables are const; built
# without PIE, a const table of pointers is in .rodata too (r), not in
# .data.rel.ro (d).  The objects mirror the sources' paths.
STATE_B      := $(B)/state
STATE_OBJS   := $(patsubst %.c,$(STATE_B)/%.o,$(ENGINE_SRC))
STATE_CFLAGS := $(SERVICE_CFLAGS) -fno-pie

$(STATE_OBJS): $(STATE_B)/%.o: %.c $(ENGINE_HDR) $(SODIUM_STAMP)
	@echo "  HOSTCC  $@"
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(STATE_CFLAGS) $(ENGINE_INC) $(SODIUM_INC) -c -o $@ $<

engine-state: $(STATE_OBJS)
	$(Q)nm -A $(STATE_OBJS) | awk -v b='$(STATE_B)/' ' \
		$$(NF - 1) ~ /^[bBCdDgGsS]$$/ { \
			f = $$1; sub(/:[^:]*$$/, "", f); \
			if (index(f, b) == 1) f = substr(f, length(b) + 1); \
			sub(/\.o$$/, ".c", f); \
			print f ": writable " $$NF " (nm: " $$(NF - 1) ")"; \
			n++ \
		} \
		END { exit n > 0 }' || { echo "engine-state: the engine" \
		"keeps state of its own (above): make it the caller's," \
		"or const"; exit 1; }
	@echo "engine-state: $(words $(STATE_OBJS)) engine objects, no writable data"

# --- Fuzzing (libFuzzer from Debian's clang) -------------------------------

FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,$(B)/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_TIME ?= 60

$(B)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/render.h $(ENGINE_SRC) $(ENGINE_HDR) $(SODIUM_HOST)
	@echo "  FUZZCC  $@"
	@mkdir -p $(dir $@)
	$(Q)clang -g -O1 -Wall -Wextra -Werror -Wno-missing-field-initializers \
		-fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all -DTOP_DIR='"$(CURDIR)"' -Iengine \
		$(SODIUM_INC) -o $@ $< $(ENGINE_SRC) $(SODIUM_HOST)

fuzz: $(FUZZ_TARGETS)
	$(Q)tests/fuzz/run $(if $(FUZZ_RUNS),runs=$(FUZZ_RUNS),$(FUZZ_TIME)) $(FUZZ_TARGETS)
fuzz-smoke: $(FUZZ_TARGETS)
	$(Q)tests/fuzz/run smoke $(FUZZ_TARGETS)

check: deps format-check engine-state unit golden doc-examples host-tool valgrind fuzz-smoke service-check qemu-check demo-check
	@echo "make check: all passed"

demo: all $(B)/tests/stage2.gz
	$(Q)tests/qemu/demo $(MENU)

bench: all $(B)/tests/stage2.gz
	$(Q)tests/qemu/bench

install: all
	@test -n "$(TFTPROOT)" || { echo "usage: make install TFTPROOT=DIR [IPXE=trixie|bookworm] [SECUREBOOT=trixie|bookworm] [FORCE_CONFIG=1]"; exit 2; }
	$(Q)ipxe="$(IPXE)"; \
	if [ -z "$$ipxe" ]; then \
		if [ -e $(IPXE_TRIXIE_STAMP) ] || $(MAKE) -s ipxe-trixie; then \
			ipxe=trixie; \
		else \
			echo "make install: Debian 13's ipxe could not be" \
				"fetched (above): installing Debian 12's."; \
			ipxe=bookworm; \
		fi; \
	elif [ "$$ipxe" = trixie ] && ! [ -e $(IPXE_TRIXIE_STAMP) ]; then \
		$(MAKE) -s ipxe-trixie || exit 1; \
	fi; \
	scripts/install-tftp $(TFTP) "$(TFTPROOT)" "$$ipxe" $(IPXE_TRIXIE) \
		$(IPXE_DIR) $(if $(FORCE_CONFIG),force)
	$(Q)sb="$(or $(SECUREBOOT),trixie)"; \
	case $$sb in trixie|bookworm) $(MAKE) -s signed-$$sb || { \
		echo "make install: Debian's signed shim and GRUB ($$sb)" \
			"could not be fetched (above): no Secure Boot files."; \
		exit 0; } ;; esac; \
	scripts/install-grub grub "$(TFTPROOT)" "$$sb" $(B)/signed-$$sb \
		$(if $(FORCE_CONFIG),force)

install-service: all
	@test -n "$(HTTPROOT)" || { echo "usage: make install-service HTTPROOT=DIR [FORCE_CONFIG=1]"; exit 2; }
	$(Q)scripts/install-service $(SERVICE) $(TFTP) ipxe/service.ipxe "$(HTTPROOT)" $(if $(FORCE_CONFIG),force)

C_SOURCES := $(filter-out tests/unit/dhcp_captured.h,$(ENGINE_SRC) $(ENGINE_HDR) $(wildcard com32/*.[ch] host/*.c tools/*.c tests/unit/*.[ch] tests/fuzz/*.[ch]))
format:
	$(Q)clang-format -i $(C_SOURCES)
format-check:
	$(Q)clang-format --dry-run -Werror $(C_SOURCES)
	$(Q)tests/function-length $(ENGINE_SRC) $(wildcard com32/*.c host/*.c)
	$(Q)tests/engine-layers engine

clean:
	rm -rf $(B)/bios $(B)/efi64 $(B)/host $(B)/gen $(B)/tftp $(B)/http $(B)/state \
		$(B)/tests $(B)/valgrind $(B)/fuzz $(B)/demo
distclean:
	rm -rf $(B)
