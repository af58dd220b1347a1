/* test_sandbox.c — after sandbox_enter(needs) the process still does what a tool with
 * those needs does (files, sockets, the event loop, the terminal's modes) and is refused
 * what it did not ask for: no socket() after ping -n's lockdown, but one after a lockdown
 * that asked for SANDBOX_INET; and in every profile, even the widest, what no tool may do
 * (execve, fork, ptrace, chmod, unlink, TIOCSTI). Each case runs in a child, so the
 * filter stays there. */
#include "netdx/sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <arpa/inet.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "netdx/loop.h"
#include "unit.h"

/* Sanitizer builds allow clone and ptrace for LeakSanitizer, and reading files (see
 * sandbox.c): the cases that check those are refused do not apply there. */
#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif

#define ALL_NEEDS (SANDBOX_FILES | SANDBOX_INET | SANDBOX_ROUTE | SANDBOX_TTY)

/* in_sandbox
 * Run check(fd) in a child after sandbox_enter(needs), fd being /dev/null opened
 * before; the child's exit status is check()'s result (0 = as expected). */
static int in_sandbox(unsigned needs, int (*check)(int fd))
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open("/dev/null", O_RDWR);
		if (fd < 0 || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 || !sandbox_enter(needs))
			_exit(100);
		_exit(check(fd));
	}
	int status;
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* refused
 * Did a call that returned rc fail with the sandbox's EPERM? */
static bool refused(long rc)
{
	return rc < 0 && errno == EPERM;
}

/* sock_refused
 * Is socket(domain, type, proto) refused by the sandbox? (Closes one that opened.) */
static bool sock_refused(int domain, int type, int proto)
{
	int s = socket(domain, type, proto);
	if (s >= 0)
		close(s);
	return refused(s);
}

static int check_execve_refused(int fd)
{
	char *const argv[] = {"/bin/true", NULL};
	(void)fd;
	execve("/bin/true", argv, NULL);
	return errno == EPERM ? 0 : 1;
}

#ifndef SANITIZED
static int check_fork_refused(int fd)
{
	/* glibc's fork() is clone(); both must fail */
	(void)fd;
	long rc = syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
	if (rc == 0)
		_exit(0); /* a child exists: the filter failed */
	return refused(rc) ? 0 : 1;
}

static int check_ptrace_refused(int fd)
{
	(void)fd;
	return refused(ptrace(PTRACE_TRACEME, 0, NULL, NULL)) ? 0 : 1;
}

/* check_no_files
 * Without SANDBOX_FILES: no file opens, no path is looked at; a held descriptor's
 * status is still there. */
static int check_no_files(int fd)
{
	struct stat st;
	if (!refused(open("/etc/hosts", O_RDONLY)) ||
	    !refused(openat(AT_FDCWD, "/etc/hosts", O_RDONLY)))
		return 1;
	if (!refused(stat("/etc/hosts", &st)) || !refused(access("/etc/hosts", R_OK)))
		return 2;
	return fstat(fd, &st) == 0 ? 0 : 3;
}
#endif

static int check_file_changes_refused(int fd)
{
	(void)fd;
	int a = refused(chmod("/tmp", 0777));
	int b = refused(unlink("/tmp/netdx-sandbox-test-nonexistent"));
	return a && b ? 0 : 1;
}

/* check_files_read_only
 * SANDBOX_FILES: a file opens to read; never to write, create or truncate. */
static int check_files_read_only(int fd)
{
	(void)fd;
	int r = open("/etc/hosts", O_RDONLY | O_CLOEXEC);
	if (r < 0)
		return 1;
	close(r);
	if (!refused(open("/etc/hosts", O_RDWR)) || !refused(open("/etc/hosts", O_WRONLY)) ||
	    !refused(open("/etc/hosts", O_RDONLY | O_TRUNC)) ||
	    !refused(openat(AT_FDCWD, "/tmp/netdx-sandbox-test-new", O_RDONLY | O_CREAT, 0600)))
		return 2;
	return 0;
}

/* check_no_sockets
 * Without SANDBOX_INET or SANDBOX_ROUTE (ping -n's lockdown): no socket of any kind. */
static int check_no_sockets(int fd)
{
	(void)fd;
	return sock_refused(AF_INET, SOCK_DGRAM, 0) && sock_refused(AF_INET6, SOCK_STREAM, 0) &&
			       sock_refused(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE) &&
			       sock_refused(AF_UNIX, SOCK_STREAM, 0)
		       ? 0
		       : 1;
}

/* check_inet
 * SANDBOX_INET: IPv4 and IPv6 sockets that bind and connect (a DNS query's), no
 * other family. */
static int check_inet(int fd)
{
	struct sockaddr_in lo = {.sin_family = AF_INET,
				 .sin_port = htons(53),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	struct sockaddr_in any = {.sin_family = AF_INET};
	(void)fd;
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	if (s < 0 || bind(s, (struct sockaddr *)&any, sizeof(any)) < 0 ||
	    connect(s, (struct sockaddr *)&lo, sizeof(lo)) < 0)
		return 1; /* a connected UDP socket sends nothing */
	close(s);
	if (sock_refused(AF_INET6, SOCK_DGRAM, 0))
		return 2;
	return sock_refused(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE) &&
			       sock_refused(AF_UNIX, SOCK_DGRAM, 0) &&
			       sock_refused(AF_PACKET, SOCK_DGRAM, 0)
		       ? 0
		       : 3;
}

/* check_route
 * SANDBOX_ROUTE: a netlink socket of the routing protocol, no other. */
static int check_route(int fd)
{
	(void)fd;
	if (sock_refused(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE))
		return 1;
	return sock_refused(AF_NETLINK, SOCK_RAW, NETLINK_SOCK_DIAG) &&
			       sock_refused(AF_INET, SOCK_DGRAM, 0)
		       ? 0
		       : 2;
}

/* check_tty_read_only
 * Without SANDBOX_TTY a terminal may be asked about (/dev/null is none: ENOTTY, not
 * the sandbox's EPERM), not set; and nobody may type into it. */
static int check_tty_read_only(int fd)
{
	struct termios t = {0};
	struct winsize ws;
	char c = 'x';
	if (refused(ioctl(fd, TCGETS, &t)) || refused(ioctl(fd, TIOCGWINSZ, &ws)))
		return 1;
	return refused(ioctl(fd, TCSETS, &t)) && refused(ioctl(fd, TIOCSTI, &c)) ? 0 : 2;
}

/* check_tty_modes
 * SANDBOX_TTY: the terminal's modes may be set (curses); TIOCSTI is still refused. */
static int check_tty_modes(int fd)
{
	struct termios t = {0};
	char c = 'x';
	if (refused(ioctl(fd, TCSETS, &t)) || refused(ioctl(fd, TCSETSW, &t)))
		return 1;
	return refused(ioctl(fd, TIOCSTI, &c)) ? 0 : 2;
}

static void stop_loop(void *arg)
{
	loop_stop(arg);
}

static int check_needed_still_work(int fd)
{
	char buf[16];
	(void)fd;
	int f = open("/etc/hosts", O_RDONLY);
	if (f < 0 || read(f, buf, sizeof(buf)) <= 0)
		return 1;
	close(f);
	int s = socket(AF_INET, SOCK_DGRAM, 0); /* name lookups need sockets */
	if (s < 0)
		return 2;
	close(s);
	struct loop *l = loop_new(); /* epoll, timers */
	struct loop_timer t = LOOP_TIMER_INIT;
	if (!l)
		return 3;
	loop_timer_arm(l, &t, loop_now_ns() + 1000000, stop_loop, l);
	if (loop_run(l) < 0)
		return 4;
	loop_free(l);
	return printf("%s", "") < 0 ? 5 : 0;
}

static int check_signals_only_to_self(int fd)
{
	(void)fd;
	int other = refused(kill(1, 0));   /* init: another process */
	int self = kill(getpid(), 0) == 0; /* ourselves: allowed */
	return other && self ? 0 : 1;
}

/* in_sandbox_given
 * Run check(fd) in a child that opened fd with prepare() before entering the sandbox
 * of needs, writing in fd when as_dir. */
static int in_sandbox_given(unsigned needs, int (*prepare)(void), bool as_dir, int (*check)(int fd))
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		int fd = prepare();
		if (fd < 0 || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
		    !sandbox_enter_writing(needs, as_dir ? fd : -1))
			_exit(100);
		_exit(check(fd));
	}
	int status;
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* listener
 * A listening TCP socket on a loopback port the kernel picks. */
static int listener(void)
{
	struct sockaddr_in lo = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	int s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (s < 0 || bind(s, (struct sockaddr *)&lo, sizeof(lo)) < 0 || listen(s, 4) < 0)
		return -1;
	return s;
}

/* check_accepts / check_accept_refused
 * SANDBOX_LISTEN: accept on the socket held (nobody waiting: EAGAIN, not EPERM), and
 * still no new socket; without it, accept is refused. */
static int check_accepts(int fd)
{
	if (accept4(fd, NULL, NULL, SOCK_NONBLOCK) >= 0 || errno != EAGAIN)
		return 1;
	return sock_refused(AF_INET, SOCK_STREAM, 0) ? 0 : 2;
}
static int check_accept_refused(int fd)
{
	return refused(accept4(fd, NULL, NULL, SOCK_NONBLOCK)) ? 0 : 1;
}

/* scratch_name / scratch_dir
 * The test's directory under /tmp (named after the test process, which makes and
 * removes it), opened O_PATH in the child as ping --textfile opens its own. */
static void scratch_name(char *buf, size_t len, pid_t test)
{
	snprintf(buf, len, "/tmp/netdx-sandbox.%ld", (long)test);
}
static int scratch_dir(void)
{
	char dir[64];
	scratch_name(dir, sizeof(dir), getppid());
	return open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
}

/* check_writes_in_dir_only
 * sandbox_enter_writing: create, write, rename and remove through the directory held;
 * any other directory stays closed to writing. */
static int check_writes_in_dir_only(int dirfd)
{
	int f = openat(dirfd, "a.tmp", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (f < 0 || write(f, "x\n", 2) != 2 || close(f) < 0)
		return 1;
	if (renameat(dirfd, "a.tmp", dirfd, "a.prom") < 0 || unlinkat(dirfd, "a.prom", 0) < 0)
		return 2;
	if (!refused(open("/tmp/netdx-sandbox-x", O_WRONLY | O_CREAT, 0600)) ||
	    !refused(openat(AT_FDCWD, "netdx-sandbox-x", O_WRONLY | O_CREAT, 0600)) ||
	    !refused(renameat(AT_FDCWD, "/tmp/a", dirfd, "b")))
		return 3;
	return 0;
}

static void test_execve(void)
{
	CU_ASSERT_EQUAL(in_sandbox(ALL_NEEDS, check_execve_refused), 0);
}

static void test_fork(void)
{
#ifndef SANITIZED
	CU_ASSERT_EQUAL(in_sandbox(ALL_NEEDS, check_fork_refused), 0);
#endif
}

static void test_ptrace(void)
{
#ifndef SANITIZED
	CU_ASSERT_EQUAL(in_sandbox(ALL_NEEDS, check_ptrace_refused), 0);
#endif
}

static void test_signals(void)
{
	CU_ASSERT_EQUAL(in_sandbox(ALL_NEEDS, check_signals_only_to_self), 0);
}

static void test_file_changes(void)
{
	CU_ASSERT_EQUAL(in_sandbox(ALL_NEEDS, check_file_changes_refused), 0);
}

static void test_needed(void)
{
	CU_ASSERT_EQUAL(in_sandbox(SANDBOX_FILES | SANDBOX_INET, check_needed_still_work), 0);
}

static void test_files(void)
{
#ifndef SANITIZED
	CU_ASSERT_EQUAL(in_sandbox(SANDBOX_INET | SANDBOX_ROUTE | SANDBOX_TTY, check_no_files), 0);
#endif
	CU_ASSERT_EQUAL(in_sandbox(SANDBOX_FILES, check_files_read_only), 0);
}

static void test_sockets(void)
{
	CU_ASSERT_EQUAL(in_sandbox(0, check_no_sockets), 0);
	CU_ASSERT_EQUAL(in_sandbox(SANDBOX_FILES | SANDBOX_TTY, check_no_sockets), 0);
	CU_ASSERT_EQUAL(in_sandbox(SANDBOX_INET, check_inet), 0);
	CU_ASSERT_EQUAL(in_sandbox(SANDBOX_ROUTE, check_route), 0);
}

static void test_tty(void)
{
	CU_ASSERT_EQUAL(
		in_sandbox(SANDBOX_FILES | SANDBOX_INET | SANDBOX_ROUTE, check_tty_read_only), 0);
	CU_ASSERT_EQUAL(in_sandbox(SANDBOX_TTY, check_tty_modes), 0);
}

static void test_listen(void)
{
	CU_ASSERT_EQUAL(in_sandbox_given(SANDBOX_LISTEN, listener, false, check_accepts), 0);
	CU_ASSERT_EQUAL(in_sandbox_given(0, listener, false, check_accept_refused), 0);
}

static void test_writing(void)
{
	char dir[64];
	scratch_name(dir, sizeof(dir), getpid());
	CU_ASSERT_EQUAL_FATAL(mkdir(dir, 0700), 0);
	CU_ASSERT_EQUAL(in_sandbox_given(0, scratch_dir, true, check_writes_in_dir_only), 0);
	CU_ASSERT_EQUAL(rmdir(dir), 0); /* empty: the file was renamed, then removed */
}

static CU_TestInfo cases[] = {
	{"execve is refused", test_execve},
	{"creating a process is refused", test_fork},
	{"ptrace is refused", test_ptrace},
	{"chmod and unlink are refused", test_file_changes},
	{"signals go to ourselves only", test_signals},
	{"files, sockets and the event loop still work", test_needed},
	{"files: none without SANDBOX_FILES, read-only with it", test_files},
	{"sockets: none without SANDBOX_INET/ROUTE, only their families with them", test_sockets},
	{"terminal: asked about always, set only with SANDBOX_TTY, typed into never", test_tty},
	{"SANDBOX_LISTEN: accept on a socket held, no new socket", test_listen},
	{"writing: in the directory given only (create, rename, remove)", test_writing},
	CU_TEST_INFO_NULL,
};
UNIT_MAIN("sandbox", cases)
