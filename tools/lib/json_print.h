/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One printer for text and JSON (as iproute2's lib/json_print.c), on
 * json-c.  A printer calls print_*(TYPE, KEY, FMT, VALUE) for every field:
 * in text mode a PRINT_FP or PRINT_ANY field is printed with FMT, in JSON
 * mode a PRINT_JSON or PRINT_ANY field becomes KEY: VALUE of the object
 * (or an element of the array) open.  The outermost object or array is
 * written to stdout, one line, when it is closed.
 */
#ifndef _MYRT_TOOLS_JSON_PRINT_H
#define _MYRT_TOOLS_JSON_PRINT_H

#include <stdbool.h>

enum output_type {
	PRINT_FP = 1,
	PRINT_JSON = 2,
	PRINT_ANY = PRINT_FP | PRINT_JSON,
};

extern int json;	/* -json given */

/* PRINT_ANY when the text shows the field too, else PRINT_JSON */
static inline enum output_type print_any_if(bool text)
{
	return text ? PRINT_ANY : PRINT_JSON;
}

void open_json_object(const char *key);
void close_json_object(void);
void open_json_array(const char *key);
void close_json_array(void);

void print_string(enum output_type t, const char *key, const char *fmt,
		  const char *value);
void print_uint(enum output_type t, const char *key, const char *fmt,
		unsigned long long value);
void print_int(enum output_type t, const char *key, const char *fmt,
	       long long value);
void print_bool(enum output_type t, const char *key, const char *fmt,
		bool value);
/* text only: FMT as is */
void print_text(const char *fmt);

#endif
