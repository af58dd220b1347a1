/* test_sandbox.c — after sandbox_enter() the process still does what a tool needs
 * (files, sockets, the event loop) and is refused what it must not (execve, fork,
 * ptrace, chmod, unlink). Each case runs in a child, so the filter stays there. */
#include "netdx/sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "netdx/loop.h"
#include "unit.h"

/* Sanitizer builds allow clone and ptrace for LeakSanitizer (see sandbox.c): the two
 * cases that check they are refused do not apply there. */
#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif

/* in_sandbox
 * Run check() in a child after sandbox_enter(); the child's exit status is check()'s
 * result (0 = as expected). */
static int in_sandbox(int (*check)(void))
{
	pid_t pid = fork();
	if (pid == 0) {
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 || !sandbox_enter())
			_exit(100);
		_exit(check());
	}
	int status;
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static int check_execve_refused(void)
{
	char *const argv[] = {"/bin/true", NULL};
	execve("/bin/true", argv, NULL);
	return errno == EPERM ? 0 : 1;
}

#ifndef SANITIZED
static int check_fork_refused(void)
{
	/* glibc's fork() is clone(); both must fail */
	long rc = syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
	if (rc == 0)
		_exit(0); /* a child exists: the filter failed */
	return rc < 0 && errno == EPERM ? 0 : 1;
}

static int check_ptrace_refused(void)
{
	return ptrace(PTRACE_TRACEME, 0, NULL, NULL) < 0 && errno == EPERM ? 0 : 1;
}
#endif

static int check_file_changes_refused(void)
{
	int a = chmod("/tmp", 0777) < 0 && errno == EPERM;
	int b = unlink("/tmp/netdx-sandbox-test-nonexistent") < 0 && errno == EPERM;
	return a && b ? 0 : 1;
}

static void stop_loop(void *arg)
{
	loop_stop(arg);
}

static int check_needed_still_work(void)
{
	char buf[16];
	int fd = open("/etc/hosts", O_RDONLY);
	if (fd < 0 || read(fd, buf, sizeof(buf)) <= 0)
		return 1;
	close(fd);
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

static void test_execve(void)
{
	CU_ASSERT_EQUAL(in_sandbox(check_execve_refused), 0);
}

static void test_fork(void)
{
#ifndef SANITIZED
	CU_ASSERT_EQUAL(in_sandbox(check_fork_refused), 0);
#endif
}

static void test_ptrace(void)
{
#ifndef SANITIZED
	CU_ASSERT_EQUAL(in_sandbox(check_ptrace_refused), 0);
#endif
}

static int check_signals_only_to_self(void)
{
	int other = kill(1, 0) < 0 && errno == EPERM;   /* init: another process */
	int self = kill(getpid(), 0) == 0;              /* ourselves: allowed */
	return other && self ? 0 : 1;
}

static void test_signals(void)
{
	CU_ASSERT_EQUAL(in_sandbox(check_signals_only_to_self), 0);
}

static void test_file_changes(void)
{
	CU_ASSERT_EQUAL(in_sandbox(check_file_changes_refused), 0);
}

static void test_needed(void)
{
	CU_ASSERT_EQUAL(in_sandbox(check_needed_still_work), 0);
}

static CU_TestInfo cases[] = {
	{"execve is refused", test_execve},
	{"creating a process is refused", test_fork},
	{"ptrace is refused", test_ptrace},
	{"chmod and unlink are refused", test_file_changes},
	{"signals go to ourselves only", test_signals},
	{"files, sockets and the event loop still work", test_needed},
	CU_TEST_INFO_NULL,
};
UNIT_MAIN("sandbox", cases)
