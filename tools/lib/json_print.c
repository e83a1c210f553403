// SPDX-License-Identifier: GPL-2.0
/*
 * One printer for text and JSON, on json-c (see json_print.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <json-c/json.h>
#include "json_print.h"

int json;

/* the objects and arrays open; [0] is the outermost */
static struct json_object *stack[16];
static int depth;

static void json_add(const char *key, struct json_object *v)
{
	struct json_object *top;

	if (!depth) {
		/* a lone value: printed as it is */
		puts(json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN |
						    JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(v);
		return;
	}
	top = stack[depth - 1];
	if (json_object_is_type(top, json_type_array))
		json_object_array_add(top, v);
	else
		json_object_object_add(top, key ? key : "", v);
}

static void json_push(const char *key, struct json_object *v)
{
	if (depth == (int)(sizeof(stack) / sizeof(stack[0]))) {
		fprintf(stderr, "json_print: nested too deep\n");
		exit(EXIT_FAILURE);
	}
	if (depth)
		json_add(key, json_object_get(v));
	stack[depth++] = v;
}

static void json_pop(void)
{
	struct json_object *v = stack[--depth];

	if (!depth)
		puts(json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN |
						    JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(v);
}

void open_json_object(const char *key)
{
	if (json)
		json_push(key, json_object_new_object());
}

void close_json_object(void)
{
	if (json && depth)
		json_pop();
}

void open_json_array(const char *key)
{
	if (json)
		json_push(key, json_object_new_array());
}

void close_json_array(void)
{
	if (json && depth)
		json_pop();
}

void print_string(enum output_type t, const char *key, const char *fmt,
		  const char *value)
{
	if (json && (t & PRINT_JSON))
		json_add(key, json_object_new_string(value));
	else if (!json && (t & PRINT_FP))
		printf(fmt, value);
}

void print_uint(enum output_type t, const char *key, const char *fmt,
		unsigned long long value)
{
	if (json && (t & PRINT_JSON))
		json_add(key, json_object_new_uint64(value));
	else if (!json && (t & PRINT_FP))
		printf(fmt, value);
}

void print_int(enum output_type t, const char *key, const char *fmt,
	       long long value)
{
	if (json && (t & PRINT_JSON))
		json_add(key, json_object_new_int64(value));
	else if (!json && (t & PRINT_FP))
		printf(fmt, value);
}

void print_bool(enum output_type t, const char *key, const char *fmt,
		bool value)
{
	if (json && (t & PRINT_JSON))
		json_add(key, json_object_new_boolean(value));
	else if (!json && (t & PRINT_FP) && value)
		fputs(fmt, stdout);
}

void print_text(const char *fmt)
{
	if (!json)
		fputs(fmt, stdout);
}
