// SPDX-License-Identifier: GPL-2.0
/*
 * fail_nth N CMD [ARGS...]: run CMD with its N-th injectable allocation
 * failing (/proc/thread-self/fail-nth, CONFIG_FAULT_INJECTION; failslab
 * and fail_page_alloc set up by the caller, whose filters decide which
 * allocations count) and exit with CMD's status (128 + signal if killed).
 *
 * Whether the fault was injected is read back from CMD's own fail-nth
 * once it has exited, before it is reaped (a zombie keeps its task): 0
 * means injected.  When CMD made fewer than N such allocations nothing
 * was injected: "fail_nth: nothing injected" is printed on stderr, so a
 * sweep N = 1, 2, ... knows it went past the last one.  Otherwise
 * "fail_nth: injected".  Exit 125 when the helper itself fails.
 *
 * CMD runs in the child's task from its exec on (ip netns exec and myip
 * exec, they do not fork): allocations of any process CMD forks are not
 * counted.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char path[64], buf[32];
	int fd, status;
	siginfo_t si;
	ssize_t len;
	pid_t pid;

	if (argc < 3 || atoi(argv[1]) <= 0) {
		fprintf(stderr, "usage: %s N CMD [ARGS...]   (N >= 1)\n", argv[0]);
		return 125;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		perror("fail_nth: fork");
		return 125;
	}
	if (!pid) {
		fd = open("/proc/thread-self/fail-nth", O_WRONLY | O_CLOEXEC);
		if (fd < 0 || write(fd, argv[1], strlen(argv[1])) < 0) {
			fprintf(stderr, "fail_nth: /proc/thread-self/fail-nth: %s\n",
				strerror(errno));
			_exit(125);
		}
		close(fd);
		execvp(argv[2], argv + 2);
		fprintf(stderr, "fail_nth: %s: %s\n", argv[2], strerror(errno));
		_exit(125);
	}
	snprintf(path, sizeof(path), "/proc/%d/task/%d/fail-nth", pid, pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	/* exited, not reaped: its fail-nth is still there to read */
	while (waitid(P_PID, pid, &si, WEXITED | WNOWAIT) < 0) {
		if (errno != EINTR) {
			perror("fail_nth: waitid");
			return 125;
		}
	}
	len = fd < 0 ? -1 : pread(fd, buf, sizeof(buf) - 1, 0);
	if (len <= 0) {
		fprintf(stderr, "fail_nth: %s: %s\n", path, strerror(errno));
		waitpid(pid, &status, 0);
		return 125;
	}
	buf[len] = '\0';
	close(fd);
	if (waitpid(pid, &status, 0) < 0) {
		perror("fail_nth: waitpid");
		return 125;
	}
	fprintf(stderr, "fail_nth: %s\n", atoi(buf) ? "nothing injected" : "injected");
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
