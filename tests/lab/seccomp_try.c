/* seccomp_try — what a running process's seccomp filter lets through, asked of the
 * filter itself: seccomp_try PID CALL... reads the filter PID runs under (ptrace's
 * PTRACE_SECCOMP_GET_FILTER; root), and for each CALL forks a child that installs that
 * very filter and makes the call. One line per call: "CALL allowed" or "CALL refused"
 * (EPERM, the filter's answer). So a test can show that socket() is refused to ping -n
 * at work and allowed to a ping that looks names up, without reaching into either.
 *
 * CALLs: socket-inet, socket-netlink (route), socket-unix, open-read (/etc/hostname),
 * open-write (/dev/null), ioctl-tiocsti (on /dev/null), execve (/bin/true). None sends
 * a packet: the sockets are opened and closed in the helper's own namespace. Exit 0, or
 * 2 with one line on stderr when the filter cannot be read. */
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/netlink.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_INSNS 4096 /* BPF_MAXINSNS */

/* try_socket
 * socket(), closed again: its result. */
static int try_socket(int domain, int type, int proto)
{
	int s = socket(domain, type, proto);
	if (s >= 0)
		close(s);
	return s;
}

/* try_call
 * Make the call named; its return value (errno set when negative), or -2 for a name
 * that is no call of ours. */
static long try_call(const char *name, int null_fd)
{
	char c = 'x';
	if (strcmp(name, "socket-inet") == 0)
		return try_socket(AF_INET, SOCK_DGRAM, 0);
	if (strcmp(name, "socket-netlink") == 0)
		return try_socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
	if (strcmp(name, "socket-unix") == 0)
		return try_socket(AF_UNIX, SOCK_STREAM, 0);
	if (strcmp(name, "open-read") == 0)
		return open("/etc/hostname", O_RDONLY);
	if (strcmp(name, "open-write") == 0)
		return open("/dev/null", O_WRONLY);
	if (strcmp(name, "ioctl-tiocsti") == 0)
		return ioctl(null_fd, TIOCSTI, &c);
	if (strcmp(name, "execve") == 0) {
		char *const argv[] = {"/bin/true", NULL};
		return execve("/bin/true", argv, NULL);
	}
	return -2;
}

/* read_filter
 * The newest filter of pid into prog (the process is stopped meanwhile); its length,
 * or -1 with errno. */
static long read_filter(pid_t pid, struct sock_filter *prog)
{
	int status;
	if (ptrace(PTRACE_SEIZE, pid, NULL, NULL) < 0)
		return -1;
	long n = -1;
	if (ptrace(PTRACE_INTERRUPT, pid, NULL, NULL) == 0 &&
	    waitpid(pid, &status, __WALL) == pid) {
		n = ptrace(PTRACE_SECCOMP_GET_FILTER, pid, (void *)0, NULL);
		if (n > 0 && n <= MAX_INSNS)
			n = ptrace(PTRACE_SECCOMP_GET_FILTER, pid, (void *)0, prog);
		else if (n > MAX_INSNS)
			n = -1, errno = E2BIG;
	}
	int saved = errno;
	ptrace(PTRACE_DETACH, pid, NULL, NULL);
	errno = saved;
	return n;
}

/* verdict
 * Run call in a child under the filter: "allowed" or "refused". */
static const char *verdict(const struct sock_fprog *fprog, const char *call)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		int null_fd = open("/dev/null", O_RDWR);
		if (null_fd < 0 || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
		    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, fprog) < 0)
			_exit(3);
		long rc = try_call(call, null_fd);
		_exit(rc == -2 ? 4 : rc < 0 && errno == EPERM ? 1 : 0);
	}
	int status;
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return "unknown";
	switch (WEXITSTATUS(status)) {
	case 0:
		return "allowed";
	case 1:
		return "refused";
	case 4:
		return "unknown-call";
	default:
		return "unknown";
	}
}

int main(int argc, char **argv)
{
	static struct sock_filter prog[MAX_INSNS];
	if (argc < 3) {
		fprintf(stderr, "usage: seccomp_try PID CALL...\n");
		return 2;
	}
	long n = read_filter((pid_t)atol(argv[1]), prog);
	if (n <= 0) {
		fprintf(stderr, "seccomp_try: %s: no filter read: %s\n", argv[1],
			n == 0 ? "none" : strerror(errno));
		return 2;
	}
	struct sock_fprog fprog = {.len = (unsigned short)n, .filter = prog};
	for (int i = 2; i < argc; i++)
		printf("%s %s\n", argv[i], verdict(&fprog, argv[i]));
	return 0;
}
