# SPDX-License-Identifier: GPL-2.0
#
# myrt: the classic IPv4 routing subsystem as an out-of-tree module.
#
#   make demo        boot the test VM, load myrt, show it working; its
#                    pictures of the structures in demo-output/ (PNG, SVG)
#   make pictures    make demo, then copy README's pictures into docs/
#   make check       build for the four cloud kernels (5.10, 6.1, 6.12, 7.3:
#                    scripts/kernels.conf) and the debug kernel (KASAN,
#                    lockdep, kmemleak, ...; built once, cached) with W=1
#                    (warnings fail) and run every selftest in the VM on all
#                    five, several VMs at a time; any kernel report fails;
#                    ends "N passed, N failed"
#   make check-fast  the same on the four cloud kernels only
#   make check-debug the same on the debug kernel only
#   make vm          the test VM with an interactive shell
#                    (KERNEL=5.10|6.1|6.12|7.3|debug)
#   make lint        checkpatch --strict and sparse
#   make bench       lookup/memory/insert figures, myrt vs fib_trie (BENCHMARKS.md)
#   make build-all   build myrt.ko, tools and selftests for every kernel, W=1,
#                    failing on any compiler warning
#   make setup       install/fetch what is needed (every target above does it)
#   make [module] KDIR=<kernel build dir>   plain build in this directory
#   make install / dkms-install            as out-of-tree modules do
#
# The VM targets build outside the source tree (in $MYRT_CACHE, default
# ~/.cache/myrt), so several checkouts can run them at the same time.

VERSION		:= $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' $(CURDIR)/dkms.conf)
KERNEL		?= 6.12
# Plain builds: the running kernel's headers if present, else the pinned
# 6.12 headers unpacked by scripts/setup.sh.
KDIR		?= $(shell if [ -d /lib/modules/$$(uname -r)/build ]; then \
			echo /lib/modules/$$(uname -r)/build; else \
			bash -c '. scripts/lib.sh && kernel_select $(KERNEL) && echo $$KDIR'; fi)
DESTDIR		?=
PREFIX		?= /usr/local
DKMSDIR		?= $(DESTDIR)/usr/src/myrt-$(VERSION)
DEPMOD		?= depmod

all: module

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	$(MAKE) -C tools clean
	$(MAKE) -C selftests clean

setup:
	@scripts/setup.sh

build-all:
	@scripts/setup.sh
	@set -e; for k in $$(bash -c '. scripts/lib.sh && echo $$KERNELS'); do KERNEL=$$k scripts/build.sh --werror >/dev/null; \
		echo "build-all: $$k: no warnings"; done

check:
	@scripts/check.sh

check-fast:
	@scripts/check.sh $$(bash -c '. scripts/lib.sh && echo $$KERNELS')

check-debug:
	@scripts/check.sh debug

demo:
	@scripts/demo.sh

# README's pictures (docs/): chosen pictures of make demo, committed
pictures: demo
	@mkdir -p docs
	@for p in exp2-host2-cache exp2-host2-tables exp2-host2-lookup; do \
		cp demo-output/$$p.png docs/$$p.png; done

vm:
	@scripts/vm-run.sh --shell

lint:
	@scripts/lint.sh

bench:
	@scripts/bench.sh

install: module
	$(MAKE) -C $(KDIR) M=$(CURDIR) $(if $(DESTDIR),INSTALL_MOD_PATH=$(DESTDIR)) modules_install
	$(DEPMOD) $(if $(DESTDIR),-b $(DESTDIR)) -a $(shell $(MAKE) -s -C $(KDIR) kernelrelease 2>/dev/null)
	$(MAKE) -C tools install DESTDIR=$(DESTDIR) PREFIX=$(PREFIX)

DKMS_SOURCES	:= Kbuild Makefile dkms.conf $(wildcard *.c *.h) $(wildcard uapi/*.h)

dkms-install:
	install -d $(DKMSDIR) $(DKMSDIR)/uapi
	install -m 0644 $(DKMS_SOURCES) $(DKMSDIR)/
	$(if $(wildcard uapi/*.h),install -m 0644 $(wildcard uapi/*.h) $(DKMSDIR)/uapi/)
	@echo "now: dkms add myrt/$(VERSION) && dkms install myrt/$(VERSION)"

.PHONY: all module clean setup build-all check check-fast check-debug demo pictures vm lint bench install dkms-install
