/* sandbox.c — the seccomp allow-list (see netdx/sandbox.h). */
#include "netdx/sandbox.h"

#include <errno.h>
#include <seccomp.h>
#include <stddef.h>

/* What a tool may still do after setup. Names rather than numbers: libseccomp maps them
 * for the architecture at hand and skips those it does not have. */
static const char *const allowed[] = {
	/* descriptors and files */
	"read", "readv", "pread64", "write", "writev", "pwrite64", "close", "lseek", "fcntl",
	"ioctl", "dup", "dup2", "dup3", "pipe2", "open", "openat", "fstat", "newfstatat",
	"stat", "lstat", "statx", "access", "faccessat", "faccessat2", "readlink",
	"readlinkat", "getdents64", "getcwd", "fsync",
	/* the event loop and time */
	"epoll_create1", "epoll_ctl", "epoll_wait", "epoll_pwait", "epoll_pwait2", "poll",
	"ppoll", "select", "pselect6", "signalfd4", "timerfd_create", "timerfd_settime",
	"clock_gettime", "clock_getres", "gettimeofday", "time", "nanosleep", "clock_nanosleep",
	/* sockets: probes and name lookups */
	"socket", "connect", "bind", "sendto", "sendmsg", "sendmmsg", "recvfrom", "recvmsg",
	"recvmmsg", "getsockopt", "setsockopt", "getsockname", "getpeername", "shutdown",
	/* memory, threads of the C library, randomness */
	"brk", "mmap", "munmap", "mremap", "mprotect", "madvise", "futex", "getrandom",
	"set_robust_list", "rseq", "membarrier", "sched_yield", "sched_getaffinity",
	/* signals and process facts */
	"rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "sigaltstack", "getpid", "gettid",
	"tgkill", "getuid", "geteuid", "getgid", "getegid", "getresuid", "getresgid", "uname",
	"sysinfo", "prlimit64", "getrlimit", "prctl", "capget",
	/* the end */
	"exit", "exit_group", "restart_syscall",
};

bool sandbox_enter(void)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ERRNO(EPERM));
	if (!ctx) {
		errno = ENOMEM;
		return false;
	}
	int rc = 0;
	for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]) && rc == 0; i++) {
		int nr = seccomp_syscall_resolve_name(allowed[i]);
		if (nr != __NR_SCMP_ERROR)
			rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
	}
	if (rc == 0)
		rc = seccomp_load(ctx);
	seccomp_release(ctx);
	if (rc < 0) {
		errno = -rc;
		return false;
	}
	return true;
}
