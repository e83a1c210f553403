// SPDX-License-Identifier: GPL-2.0
/*
 * finit_module [-n N] FILE [PARAMS]: load a module with one finit_module(2)
 * call and exit with its result: 0, or 1 after "finit_module: <strerror>".
 *
 * busybox insmod retries a failed finit_module() with init_module(), so a
 * load made to fail on purpose would load on the second try; this helper
 * makes exactly one attempt.
 *
 * -n N: fault injection (CONFIG_FAULT_INJECTION, failslab/fail_page_alloc
 * set up by the caller): the N-th allocation that passes the injection
 * filters during the call fails (/proc/thread-self/fail-nth).  When the
 * call had fewer than N such allocations, nothing was injected: exit 3
 * after "finit_module: nothing injected" (the load went through, or
 * failed, exit 1, on its own).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define FAIL_NTH "/proc/thread-self/fail-nth"

static int fail_nth_open(void)
{
	int fd = open(FAIL_NTH, O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		fprintf(stderr, "finit_module: %s: %s\n", FAIL_NTH, strerror(errno));
		exit(2);
	}
	return fd;
}

int main(int argc, char **argv)
{
	int fd, nth_fd = -1, ret, err, opt;
	const char *nth = NULL;
	char buf[32];
	ssize_t len;

	while ((opt = getopt(argc, argv, "n:")) != -1) {
		if (opt != 'n')
			goto usage;
		nth = optarg;
	}
	if (argc - optind < 1 || argc - optind > 2)
		goto usage;

	fd = open(argv[optind], O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "finit_module: %s: %s\n", argv[optind], strerror(errno));
		return 1;
	}
	if (nth) {
		nth_fd = fail_nth_open();
		if (write(nth_fd, nth, strlen(nth)) < 0) {
			fprintf(stderr, "finit_module: -n %s: %s\n", nth, strerror(errno));
			return 2;
		}
	}
	ret = syscall(SYS_finit_module, fd,
		      argc - optind > 1 ? argv[optind + 1] : "", 0);
	err = errno;
	if (nth) {
		/* 0: the fault was injected; else the count left */
		len = pread(nth_fd, buf, sizeof(buf) - 1, 0);
		if (write(nth_fd, "0", 1) < 0 || len <= 0)
			return 2;
		buf[len] = '\0';
	}
	if (ret)
		fprintf(stderr, "finit_module: %s\n", strerror(err));
	if (nth && atoi(buf) != 0) {
		fprintf(stderr, "finit_module: nothing injected\n");
		return ret ? 1 : 3;
	}
	return ret ? 1 : 0;

usage:
	fprintf(stderr, "usage: %s [-n N] FILE [PARAMS]\n", argv[0]);
	return 2;
}
