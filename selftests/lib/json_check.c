// SPDX-License-Identifier: GPL-2.0
/*
 * json_check [-l] [PATH...]: parse stdin with json-c, the JSON library
 * myip prints with, and exit 1 with a message on stderr if it is not one
 * valid JSON value (with -l: every line one valid value, as myip -json
 * monitor prints).  For each PATH print the value there, one a line:
 * PATH is keys and array indexes joined by dots ("0.dst",
 * "1.nexthops.0.gateway"; "*": every element of an array, "#": its
 * length); a string is printed bare, anything else as JSON; a PATH that
 * is not there exits 2 (with "*": not in any element).  With -l, the
 * paths apply to every line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

static void print_value(struct json_object *v)
{
	if (json_object_is_type(v, json_type_string))
		puts(json_object_get_string(v));
	else
		puts(json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN));
}

/* print what @path (dot separated, "*": every element) names in @v */
static int print_path(struct json_object *v, const char *path)
{
	const char *dot = strchr(path, '.');
	size_t n = dot ? (size_t)(dot - path) : strlen(path);
	const char *rest = dot ? dot + 1 : NULL;
	char key[256];
	int ret = 0;

	if (!*path) {
		print_value(v);
		return 0;
	}
	snprintf(key, sizeof(key), "%.*s", (int)n, path);
	if (json_object_is_type(v, json_type_array)) {
		size_t i, len = json_object_array_length(v);
		char *end;
		long idx;

		if (!strcmp(key, "#")) {
			printf("%zu\n", len);
			return 0;
		}
		if (!strcmp(key, "*")) {
			ret = 2;
			for (i = 0; i < len; i++)
				if (print_path(json_object_array_get_idx(v, i),
					       rest ? rest : "") == 0)
					ret = 0;
			return ret;
		}
		idx = strtol(key, &end, 10);
		v = *end || idx < 0 ? NULL : json_object_array_get_idx(v, idx);
	} else if (!json_object_object_get_ex(v, key, &v)) {
		v = NULL;
	}
	if (!v)
		return 2;
	return print_path(v, rest ? rest : "");
}

/* one JSON value in @s: 0, or 1 with a message */
static int check(const char *s, char **paths, int npaths, int *ret)
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object *v;
	int i;

	v = json_tokener_parse_ex(tok, s, strlen(s));
	if (!v || tok->char_offset < (int)strlen(s)) {
		size_t off = tok->char_offset;

		/* trailing white space is fine */
		while (v && s[off] && strchr(" \t\r\n", s[off]))
			off++;
		if (!v || s[off]) {
			fprintf(stderr, "json_check: invalid JSON at offset %zu: %s\n",
				off, json_tokener_error_desc(json_tokener_get_error(tok)));
			json_tokener_free(tok);
			json_object_put(v);
			return 1;
		}
	}
	json_tokener_free(tok);
	for (i = 0; i < npaths; i++) {
		if (print_path(v, paths[i])) {
			fprintf(stderr, "json_check: no %s\n", paths[i]);
			*ret = 2;
		}
	}
	json_object_put(v);
	return 0;
}

int main(int argc, char **argv)
{
	char *buf = NULL, *line, *save = NULL;
	size_t len = 0, cap = 0, n;
	int lines = 0, ret = 0;

	if (argc > 1 && !strcmp(argv[1], "-l")) {
		lines = 1;
		argc--;
		argv++;
	}
	do {
		if (len + 4096 + 1 > cap) {
			cap = (cap + 4096) * 2;
			buf = realloc(buf, cap);
			if (!buf)
				return 1;
		}
		n = fread(buf + len, 1, 4096, stdin);
		len += n;
	} while (n);
	buf[len] = 0;
	if (!lines)
		return check(buf, argv + 1, argc - 1, &ret) ?: ret;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		if (check(line, argv + 1, argc - 1, &ret))
			return 1;
	return ret;
}
