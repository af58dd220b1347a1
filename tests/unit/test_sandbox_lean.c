/* test_sandbox_lean.c — linked as traceroute, pathping, nslookup and tcpstate are, with
 * the table of the 8 profiles of files, sockets and routes before the library's
 * (Makefile: SANDBOX_LEAN_TOOLS): those install; one the table lacks (the terminal, a
 * listener, writing) is refused with ENOTSUP and leaves the process unfiltered, never
 * half-installed. Each case runs in a child, so a filter stays there. */
#include "netdx/sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unit.h"

/* filtered
 * Whether a filter refuses what no profile allows: chmod fails with EPERM under one,
 * with ENOENT (no such file) without. */
static bool filtered(void)
{
	return chmod("/nonexistent/netdx-sandbox-lean", 0) < 0 && errno == EPERM;
}

/* outcome
 * In a child: 0 if sandbox_enter_writing(needs, dirfd) installed a filter, the errno
 * it failed with if it installed none, 255 for anything else. */
static int outcome(unsigned needs, bool writing)
{
	pid_t pid = fork();
	if (pid == 0) {
		int dirfd = writing ? open("/tmp", O_PATH | O_DIRECTORY) : -1;
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 || (writing && dirfd < 0))
			_exit(255);
		bool in = sandbox_enter_writing(needs, dirfd);
		int err = errno;
		if (in)
			_exit(filtered() ? 0 : 255);
		_exit(!filtered() && err > 0 && err < 255 ? err : 255);
	}
	int status;
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static void test_profiles_it_has(void)
{
	CU_ASSERT_EQUAL(outcome(0, false), 0);
	CU_ASSERT_EQUAL(outcome(SANDBOX_INET, false), 0);
	CU_ASSERT_EQUAL(outcome(SANDBOX_FILES | SANDBOX_INET | SANDBOX_ROUTE, false), 0);
}

static void test_profiles_it_lacks(void)
{
	CU_ASSERT_EQUAL(outcome(SANDBOX_TTY, false), ENOTSUP);
	CU_ASSERT_EQUAL(outcome(SANDBOX_LISTEN | SANDBOX_INET, false), ENOTSUP);
	CU_ASSERT_EQUAL(outcome(0, true), ENOTSUP);
	CU_ASSERT_EQUAL(outcome(SANDBOX_NEEDS_ALL + 1, false), EINVAL);
}

static CU_TestInfo cases[] = {
	{"the 8 profiles of files, sockets and routes install", test_profiles_it_has},
	{"terminal, listener, writing: ENOTSUP, no filter", test_profiles_it_lacks},
	CU_TEST_INFO_NULL,
};

UNIT_MAIN("sandbox_lean", cases)
