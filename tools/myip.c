// SPDX-License-Identifier: GPL-2.0
/*
 * myip - `ip route` / `ip rule` for myrt's own routing tables, over the
 * generic netlink family "myrt" (libmnl).  Syntax, output and exit codes
 * follow iproute2: 0 success, 1 usage error in batch mode, 2 a request the
 * kernel rejected (its message is printed), 255 a command line error.
 *
 * This file: the options, the objects, -batch.  Each object has its file
 * (myip_route.c, myip_cache.c, myip_rule.c, myip_monitor.c) over the
 * shared layer of tools/lib/ (libgenl: generic netlink; utils: argument
 * parsing; json_print: one printer for text and JSON).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include "myip.h"

int show_details;
int oneline;
static int dot;
static bool force;

/* ------------------------------------------------------------------ main */

static void usage(FILE *fp)
{
	fprintf(fp,
		"Usage: myip [ OPTIONS ] OBJECT { COMMAND | help }\n"
		"       myip [ -force ] -batch FILENAME\n"
		"where  OBJECT := { route | rule | monitor }\n"
		"       OPTIONS := { -d[etails] | -j[son] | -o[neline] | -n[etns] NAME |\n"
		"                    -b[atch] FILE | -force | -dot }\n");
}

static int do_cmd(int argc, char **argv)
{
	if (argc < 1) {
		usage(stderr);
		return EXIT_SYNTAX;
	}
	if (dot)	/* Graphviz pictures: myip_dot.c */
		return do_dot(argc, argv);
	if (matches(*argv, "route") || !strcmp(*argv, "r"))
		return do_route(argc - 1, argv + 1);
	if (matches(*argv, "rule") && strlen(*argv) >= 2)
		return do_rule(argc - 1, argv + 1);
	if (matches(*argv, "monitor"))
		return do_monitor();
	if (!strcmp(*argv, "help")) {
		usage(stdout);
		return 0;
	}
	fprintf(stderr, "Object \"%s\" is unknown, try \"myip help\".\n",
		*argv);
	return EXIT_SYNTAX;
}

static int do_batch(const char *name)
{
	FILE *fp = strcmp(name, "-") ? fopen(name, "r") : stdin;
	char *line = NULL, *argv[256];
	size_t cap = 0;
	int lineno = 0, ret = 0;

	if (!fp) {
		fprintf(stderr, "Cannot open file \"%s\" for reading: %s\n",
			name, strerror(errno));
		return EXIT_FAILURE;
	}
	while (getline(&line, &cap, fp) > 0) {
		int argc = 0;
		char *p = line, *tok;

		lineno++;
		tok = strchr(p, '#');
		if (tok)
			*tok = 0;
		while ((tok = strsep(&p, " \t\r\n")) && argc < 255) {
			if (*tok)
				argv[argc++] = tok;
		}
		if (!argc)
			continue;
		argv[argc] = NULL;
		if (do_cmd(argc, argv)) {
			fprintf(stderr, "Command failed %s:%d\n", name, lineno);
			ret = EXIT_FAILURE;
			if (!force)
				break;
		}
	}
	free(line);
	if (fp != stdin)
		fclose(fp);
	return ret;
}

int main(int argc, char **argv)
{
	const char *batch = NULL, *netns = NULL;
	int err;

	setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	while (argc > 1 && argv[1][0] == '-') {
		const char *opt = argv[1] + 1;

		if (*opt == '-')
			opt++;
		if (matches(opt, "help") || !strcmp(opt, "h")) {
			usage(stdout);
			return 0;
		}
		if (matches(opt, "Version") || !strcmp(opt, "V")) {
			printf("myip for myrt, genl family %s version %d\n",
			       MYRT_GENL_NAME, MYRT_GENL_VERSION);
			return 0;
		}
		if (matches(opt, "details")) {
			show_details++;
		} else if (!strcmp(opt, "dot")) {
			dot = 1;
		} else if (matches(opt, "json")) {
			json = 1;
		} else if (matches(opt, "oneline")) {
			oneline = 1;
		} else if (matches(opt, "force")) {
			force = true;
		} else if (matches(opt, "netns") || !strcmp(opt, "n") ||
			   matches(opt, "batch")) {
			if (argc < 3) {
				fprintf(stderr, "Option \"%s\" requires an argument\n",
					argv[1]);
				return EXIT_SYNTAX;
			}
			if (matches(opt, "batch"))
				batch = argv[2];
			else
				netns = argv[2];
			argc--;
			argv++;
		} else {
			fprintf(stderr, "Option \"%s\" is unknown, try \"myip -help\".\n",
				argv[1]);
			return EXIT_SYNTAX;
		}
		argc--;
		argv++;
	}
	if (netns && netns_switch(netns))
		return EXIT_FAILURE;
	if (!batch && argc < 2) {
		usage(stderr);
		return EXIT_SYNTAX;
	}
	if (argc > 1 && !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	err = genl_open(MYRT_GENL_NAME, MYRT_MCGRP_NOTIFY, MYRT_GENL_VERSION);
	if (err) {
		fprintf(stderr,
			"myip: generic netlink family \"%s\" not found: is the myrt module loaded?\n",
			MYRT_GENL_NAME);
		return EXIT_REJECTED;
	}
	if (batch)
		err = do_batch(batch);
	else
		err = do_cmd(argc - 1, argv + 1);
	fflush(stdout);
	genl_close();
	return err;
}
