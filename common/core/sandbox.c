/* sandbox.c — the seccomp allow-list (see netdx/sandbox.h). */
#include "netdx/sandbox.h"

#include <errno.h>
#include <seccomp.h>
#include <stddef.h>
#include <unistd.h>

/* Sanitizer builds (make asan): LeakSanitizer checks for leaks at exit from a helper
 * it clones and attaches with ptrace, so those builds must allow that much. */
#if defined(__SANITIZE_ADDRESS__)
#define NETDX_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NETDX_SANITIZED 1
#endif
#endif
#ifndef NETDX_SANITIZED
#define NETDX_SANITIZED 0
#endif

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

/* The leak checker's needs, allowed only in sanitizer builds. */
static const char *const sanitizer_allowed[] = {"clone", "clone3", "ptrace", "wait4", "getppid",
						 "getdents"};

/* allow_names
 * Add an allow rule for each system call of the list that this architecture has. */
static int allow_names(scmp_filter_ctx ctx, const char *const *names, size_t n)
{
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		int nr = seccomp_syscall_resolve_name(names[i]);
		if (nr != __NR_SCMP_ERROR)
			rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
	}
	return rc;
}

bool sandbox_enter(void)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ERRNO(EPERM));
	if (!ctx) {
		errno = ENOMEM;
		return false;
	}
	/* A binary tree of rules instead of a list: a flood ping makes ~300,000 system
	 * calls a second, and a linear walk of ~100 rules costs it several percent. */
	int rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	if (rc == 0)
		rc = allow_names(ctx, allowed, sizeof(allowed) / sizeof(allowed[0]));
	/* Signals to ourselves only (Ctrl-Z in mtr's view stops our own process group). */
	const struct scmp_arg_cmp to_self = {.arg = 0, .op = SCMP_CMP_EQ,
					     .datum_a = (scmp_datum_t)getpid(), .datum_b = 0};
	const struct scmp_arg_cmp to_group = {.arg = 0, .op = SCMP_CMP_EQ, .datum_a = 0, .datum_b = 0};
	if (rc == 0)
		rc = seccomp_rule_add_array(ctx, SCMP_ACT_ALLOW, SCMP_SYS(kill), 1, &to_self);
	if (rc == 0)
		rc = seccomp_rule_add_array(ctx, SCMP_ACT_ALLOW, SCMP_SYS(kill), 1, &to_group);
	if (rc == 0 && NETDX_SANITIZED)
		rc = allow_names(ctx, sanitizer_allowed,
				 sizeof(sanitizer_allowed) / sizeof(sanitizer_allowed[0]));
	if (rc == 0)
		rc = seccomp_load(ctx);
	seccomp_release(ctx);
	if (rc < 0) {
		errno = -rc;
		return false;
	}
	return true;
}
