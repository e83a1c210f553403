/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Argument parsing and name helpers of the myrt tools (as iproute2's
 * lib/utils.c): number and address parsers, name <-> number tables,
 * the usage errors with iproute2's messages and exit codes.
 */
#ifndef _MYRT_TOOLS_UTILS_H
#define _MYRT_TOOLS_UTILS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define EXIT_REJECTED	2
#define EXIT_SYNTAX	255

/*
 * Step to the value of the current keyword: 0, or EXIT_SYNTAX with
 * "Command line is not complete" when there is none (as iproute2's
 * NEXT_ARG()):  if (next_arg(&argc, &argv)) return EXIT_SYNTAX;
 */
int next_arg(int *argc, char ***argv);

struct name_val {
	const char *name;
	unsigned int val;
};

extern const struct name_val rt_types[], rt_protos[], rt_scopes[],
	rt_tables[], rt_dsfields[];

const char *n2a(const struct name_val *t, unsigned int v, char *buf,
		size_t len);
/* @s by name only; 0 or -1 */
int name2val(const struct name_val *t, const char *s, unsigned int *v);
/* @s by name, else a number in @base */
int a2n(const struct name_val *t, const char *s, unsigned int *v, int base);
const char *table_name(unsigned int t, char *buf, size_t len);
/* a realm's name (/etc/iproute2/rt_realms, "unknown" for 0) or number */
const char *realm_n2a(unsigned int id, char *buf, size_t len);
/* realm[s] [FROM/]TO, else a raw u32; 0 or -1 */
int get_realms(const char *arg, uint32_t *realms);
const char *dev_name(unsigned int ifindex, char *buf);
const char *fmt_addr(uint32_t a, char *buf);
const char *tos_name(unsigned int tos, char *buf);
bool matches(const char *arg, const char *full);

int invarg(const char *msg, const char *arg);
int incomplete(void);
int duparg(const char *key, const char *arg);

int get_addr(const char *s, uint32_t *addr);
int get_prefix(const char *s, uint32_t *addr, int *len);
int get_table(const char *s, unsigned int *t);
int get_tos(const char *s, unsigned int *tos);
int get_u32(const char *s, unsigned int *v);
int get_ifindex(const char *name, unsigned int *idx);
int get_time_ms(const char *s, unsigned int *ms);

/*
 * Room for one more element of @size at the end of the array *@v (of *@n
 * elements, room for *@cap), grown by doubling; NULL when out of memory.
 */
void *vec_push(void **v, size_t *n, size_t *cap, size_t size);

#endif
