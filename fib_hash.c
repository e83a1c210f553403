// SPDX-License-Identifier: GPL-2.0
/* fib_hash tables: zones per prefix length, nodes, aliases.  (stub) */
#include "myrt.h"
