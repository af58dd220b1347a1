/* sandbox_load.c — install a filter compiled at build time (see netdx/sandbox.h and
 * sandbox_programs.h): a copy with the pid and the directory put in, then seccomp(2). */
#include "netdx/sandbox.h"
#include "sandbox_programs.h"

#include <errno.h>
#include <linux/seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

bool sandbox_enter(unsigned needs)
{
	return sandbox_enter_writing(needs, -1);
}

/* fill_in
 * Put the real values where the program holds the sentinels: every instruction that
 * compares with one (its constant k). */
static void fill_in(struct sock_filter *f, size_t n, int dirfd)
{
	for (size_t i = 0; i < n; i++) {
		if (f[i].k == SANDBOX_PID_SENTINEL)
			f[i].k = (unsigned)getpid();
		else if (f[i].k == SANDBOX_DIRFD_SENTINEL)
			f[i].k = (unsigned)dirfd;
	}
}

/* sandbox_enter_writing
 * Install the profile's program, with writes through dirfd when it is not -1. */
bool sandbox_enter_writing(unsigned needs, int dirfd)
{
	if (needs & ~SANDBOX_NEEDS_ALL) {
		errno = EINVAL;
		return false;
	}
	const struct sandbox_program *p =
		&sandbox_programs[needs | (dirfd >= 0 ? SANDBOX_WRITING : 0)];
	if (!p->insns) { /* a profile this tool was built without (sandbox_programs.h) */
		errno = ENOTSUP;
		return false;
	}
	struct sock_filter *f = malloc(p->len * sizeof(*f));
	if (!f)
		return false;
	memcpy(f, p->insns, p->len * sizeof(*f));
	fill_in(f, p->len, dirfd);
	struct sock_fprog prog = {.len = p->len, .filter = f};
	/* no_new_privs is what lets a process without CAP_SYS_ADMIN install a filter;
	 * priv_drop_all set it already, as libseccomp's load did again. */
	int rc = prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	/* prctl rather than seccomp(2), which valgrind does not know (ENOSYS): without
	 * flags the two install the same filter. */
	if (rc == 0)
		rc = prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0);
	int err = errno;
	free(f);
	errno = err;
	return rc == 0;
}
