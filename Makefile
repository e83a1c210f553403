# SPDX-License-Identifier: GPL-2.0
# Build myrt.ko out of tree.  KDIR selects the kernel build directory.
KDIR ?= /lib/modules/$(shell uname -r)/build

all: module

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean

.PHONY: all module clean
