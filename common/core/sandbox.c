/* sandbox.c — the seccomp allow-lists (see netdx/sandbox.h), compiled by libseccomp when
 * netdx is built (build-aux/sandbox_gen.c); sandbox_load.c installs them. */
#include "netdx/sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <seccomp.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

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

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* What every tool may still do after setup. Names rather than numbers: libseccomp maps
 * them for the architecture at hand and skips those it does not have. */
/* clang-format off */
static const char *const always[] = {
	/* the descriptors it holds: probe sockets, stdio, the terminal */
	"read", "readv", "pread64", "write", "writev", "pwrite64", "close", "lseek", "fcntl",
	"dup", "dup2", "dup3", "pipe2", "fstat", "fsync",
	"sendto", "sendmsg", "sendmmsg", "recvfrom", "recvmsg", "recvmmsg", "getsockopt",
	"setsockopt",
	/* the event loop and time */
	"epoll_create1", "epoll_ctl", "epoll_wait", "epoll_pwait", "epoll_pwait2", "poll",
	"ppoll", "select", "pselect6", "signalfd4", "timerfd_create", "timerfd_settime",
	"clock_gettime", "clock_getres", "gettimeofday", "time", "nanosleep", "clock_nanosleep",
	/* memory, threads of the C library, randomness */
	"brk", "mmap", "munmap", "mremap", "mprotect", "madvise", "futex", "getrandom",
	"set_robust_list", "rseq", "membarrier", "sched_yield", "sched_getaffinity",
	/* signals and process facts */
	"rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "sigaltstack", "getpid", "gettid",
	"tgkill", "getuid", "geteuid", "getgid", "getegid", "getresuid", "getresgid", "uname",
	"sysinfo", "prlimit64", "getrlimit",
	/* the end */
	"exit", "exit_group", "restart_syscall",
};
/* clang-format on */

/* SANDBOX_FILES: reading files and looking at paths (open and openat get their own
 * read-only rules). */
/* clang-format off */
static const char *const files[] = {
	"stat", "lstat", "newfstatat", "statx", "access", "faccessat", "faccessat2",
	"readlink", "readlinkat", "getdents64", "getcwd",
};
/* clang-format on */

/* What a socket of its own needs besides socket(), whose rule names the families. */
static const char *const own_socket[] = {"bind", "connect", "getsockname", "getpeername",
					 "shutdown"};

/* SANDBOX_LISTEN: the calls of a server on a socket it was given. */
static const char *const listening[] = {"accept", "accept4", "shutdown", "getsockname",
					"getpeername"};

/* The leak checker's needs, allowed only in sanitizer builds (with SANDBOX_FILES: it
 * reads /proc/self/maps and /proc/self/task). */
static const char *const sanitizer_allowed[] = {"clone",   "clone3",   "ptrace", "wait4",
						"getppid", "getdents", "prctl"};

/* Terminal requests any descriptor may make: is it a terminal, its size, bytes waiting
 * (the C library's stdio and resolver ask). Never TIOCSTI, which types into it. */
static const unsigned long tty_read[] = {TCGETS, TIOCGWINSZ, FIONREAD};

/* SANDBOX_TTY: set the terminal's modes (curses' raw mode, and back). */
static const unsigned long tty_write[] = {TCSETS, TCSETSW, TCSETSF};

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

/* allow_if
 * Allow the named call (if this architecture has it) when its argument arg, masked,
 * equals value. */
static int allow_if(scmp_filter_ctx ctx, const char *name, unsigned arg, scmp_datum_t mask,
		    scmp_datum_t value)
{
	int nr = seccomp_syscall_resolve_name(name);
	const struct scmp_arg_cmp cmp = {
		.arg = arg, .op = SCMP_CMP_MASKED_EQ, .datum_a = mask, .datum_b = value};
	return nr == __NR_SCMP_ERROR ? 0 : seccomp_rule_add_array(ctx, SCMP_ACT_ALLOW, nr, 1, &cmp);
}

/* allow_ioctls
 * ioctl() with any of these requests (compared as the kernel does, 32 bits). */
static int allow_ioctls(scmp_filter_ctx ctx, const unsigned long *req, size_t n)
{
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = allow_if(ctx, "ioctl", 1, 0xffffffff, req[i]);
	return rc;
}

/* allow_always
 * What every profile has: the list, status of a descriptor (fstat's newer forms name
 * it with an empty path), the terminal requests that only read, and signals to our
 * own process or process group (Ctrl-Z in mtr's view stops the group). */
static int allow_always(scmp_filter_ctx ctx)
{
	int rc = allow_names(ctx, always, N(always));
	if (rc == 0)
		rc = allow_if(ctx, "newfstatat", 3, AT_EMPTY_PATH, AT_EMPTY_PATH);
	if (rc == 0)
		rc = allow_if(ctx, "statx", 2, AT_EMPTY_PATH, AT_EMPTY_PATH);
	if (rc == 0)
		rc = allow_ioctls(ctx, tty_read, N(tty_read));
	if (rc == 0)
		rc = allow_if(ctx, "kill", 0, ~(scmp_datum_t)0, SANDBOX_PID_SENTINEL);
	if (rc == 0)
		rc = allow_if(ctx, "kill", 0, ~(scmp_datum_t)0, 0);
	return rc;
}

/* allow_files
 * SANDBOX_FILES: open and openat only to read (no O_CREAT, no O_TRUNC: a read-only open
 * with either still changes a file), and the path calls. */
static int allow_files(scmp_filter_ctx ctx)
{
	const scmp_datum_t writes = O_ACCMODE | O_CREAT | O_TRUNC;
	int rc = allow_if(ctx, "open", 1, writes, O_RDONLY);
	if (rc == 0)
		rc = allow_if(ctx, "openat", 2, writes, O_RDONLY);
	if (rc == 0)
		rc = allow_names(ctx, files, N(files));
	return rc;
}

/* allow_sockets
 * SANDBOX_INET: IPv4 and IPv6 sockets; SANDBOX_ROUTE: netlink sockets of the routing
 * protocol. Either: what a socket of one's own needs. */
static int allow_sockets(scmp_filter_ctx ctx, unsigned needs)
{
	int rc = 0;
	if (needs & SANDBOX_INET)
		rc = allow_if(ctx, "socket", 0, ~(scmp_datum_t)0, AF_INET);
	if (rc == 0 && (needs & SANDBOX_INET))
		rc = allow_if(ctx, "socket", 0, ~(scmp_datum_t)0, AF_INET6);
	if (rc == 0 && (needs & SANDBOX_ROUTE)) {
		const struct scmp_arg_cmp route[] = {
			{.arg = 0, .op = SCMP_CMP_EQ, .datum_a = AF_NETLINK},
			{.arg = 2, .op = SCMP_CMP_EQ, .datum_a = NETLINK_ROUTE},
		};
		rc = seccomp_rule_add_array(ctx, SCMP_ACT_ALLOW, SCMP_SYS(socket), 2, route);
	}
	if (rc == 0 && (needs & (SANDBOX_INET | SANDBOX_ROUTE)))
		rc = allow_names(ctx, own_socket, N(own_socket));
	return rc;
}

/* allow_needs
 * Every rule of the profile asked for. */
static int allow_needs(scmp_filter_ctx ctx, unsigned needs)
{
	if (NETDX_SANITIZED)
		needs |= SANDBOX_FILES;
	int rc = allow_always(ctx);
	if (rc == 0 && (needs & SANDBOX_FILES))
		rc = allow_files(ctx);
	if (rc == 0)
		rc = allow_sockets(ctx, needs);
	if (rc == 0 && (needs & SANDBOX_TTY))
		rc = allow_ioctls(ctx, tty_write, N(tty_write));
	if (rc == 0 && (needs & SANDBOX_LISTEN))
		rc = allow_names(ctx, listening, N(listening));
	if (rc == 0 && NETDX_SANITIZED)
		rc = allow_names(ctx, sanitizer_allowed, N(sanitizer_allowed));
	return rc;
}

/* allow_writing_in
 * Creating, writing, renaming and removing files in dirfd only: every call must name
 * that descriptor (compared as the kernel does, 32 bits), where a path would be. */
static int allow_writing_in(scmp_filter_ctx ctx, unsigned dirfd)
{
	const scmp_datum_t fd = dirfd;
	int rc = allow_if(ctx, "openat", 0, 0xffffffff, fd);
	if (rc == 0)
		rc = allow_if(ctx, "unlinkat", 0, 0xffffffff, fd);
	static const char *const renames[] = {"renameat", "renameat2"};
	for (size_t i = 0; i < N(renames) && rc == 0; i++) {
		int nr = seccomp_syscall_resolve_name(renames[i]);
		const struct scmp_arg_cmp both[] = {
			{.arg = 0, .op = SCMP_CMP_MASKED_EQ, .datum_a = 0xffffffff, .datum_b = fd},
			{.arg = 2, .op = SCMP_CMP_MASKED_EQ, .datum_a = 0xffffffff, .datum_b = fd},
		};
		if (nr != __NR_SCMP_ERROR)
			rc = seccomp_rule_add_array(ctx, SCMP_ACT_ALLOW, nr, 2, both);
	}
	return rc;
}

/* sandbox_export
 * Build profile's filter with the sentinels for pid and directory, and export it. */
bool sandbox_export(unsigned profile, int fd)
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
		rc = allow_needs(ctx, profile & SANDBOX_NEEDS_ALL);
	if (rc == 0 && (profile & SANDBOX_WRITING))
		rc = allow_writing_in(ctx, SANDBOX_DIRFD_SENTINEL);
	if (rc == 0)
		rc = seccomp_export_bpf(ctx, fd);
	seccomp_release(ctx);
	if (rc < 0) {
		errno = -rc;
		return false;
	}
	return true;
}
