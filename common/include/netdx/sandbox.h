/* sandbox — a seccomp allow-list installed once a tool's sockets are open and its
 * capabilities dropped (priv_drop_all sets no_new_privs, which seccomp needs without
 * CAP_SYS_ADMIN), narrowed to what that tool in that mode still needs, as OpenBSD's
 * pledge narrows a program to its promises. Every tool may use the descriptors it holds
 * (read, write, send and receive on its sockets, socket options), its event loop,
 * memory, time, its own signals and terminal requests that only read (TCGETS,
 * TIOCGWINSZ, FIONREAD). What more it needs it asks for with sandbox_need bits; the
 * rest fails with EPERM: opening files or sockets it did not ask for, running programs
 * (execve), creating processes, ptrace, mounting, changing owners or permissions,
 * deleting files, signalling other processes, typing into the terminal (TIOCSTI).
 * No profile allows local (AF_UNIX) sockets: a socket file may be a door to more
 * privilege than the tool ever had (a container daemon's, as root). The C library's
 * local name services (nscd, systemd-resolved, avahi) are reached that way; without
 * them its lookups go on to the next source of nsswitch.conf, as when they are not
 * running. Sanitizer builds also allow what LeakSanitizer needs at exit (clone, ptrace,
 * wait4, reading /proc). The only file that calls libseccomp. */
#ifndef NETDX_SANDBOX_H
#define NETDX_SANDBOX_H

#include <stdbool.h>

/* What a tool needs after setup beyond what every tool may do; or-ed together. */
enum sandbox_need {
	SANDBOX_FILES = 1u << 0,  /* open files to read, look at paths: the C library's name
				  * lookups (hosts file, resolv.conf, NSS modules) */
	SANDBOX_INET = 1u << 1,   /* new IPv4 and IPv6 sockets (socket, bind, connect): DNS
				  * queries, probes with a socket each */
	SANDBOX_ROUTE = 1u << 2,  /* new netlink sockets of the routing protocol: a route
				  * asked for while the tool runs */
	SANDBOX_TTY = 1u << 3,    /* set the terminal's modes (curses) */
	SANDBOX_LISTEN = 1u << 4, /* accept connections on a listening socket opened
				   * before, and shut them down (an exporter's /metrics) */
};

/* Install the filter for needs (0: the least any tool may do). False (errno set) if
 * it could not be installed: callers exit rather than run without it. ENOTSUP: a
 * profile the tool was built without (traceroute, pathping, nslookup and tcpstate carry
 * only those of SANDBOX_FILES, SANDBOX_INET and SANDBOX_ROUTE, without writing). */
bool sandbox_enter(unsigned needs);

/* The same, and files written in one directory only: dirfd, opened before (O_PATH
 * will do). Calls naming it are allowed (openat to create and write, renameat from it
 * to it, unlinkat in it): a textfile written by rename (metrics_write_atomic_at). The
 * descriptor is compared, not a path: seccomp cannot read paths, so an absolute path
 * given with that descriptor would still pass (Landlock could close that; not used
 * yet); open(), openat(AT_FDCWD) and every other descriptor stay refused. dirfd -1:
 * none (sandbox_enter). */
bool sandbox_enter_writing(unsigned needs, int dirfd);

/* The filters are compiled when netdx is built (build-aux/sandbox_gen.c writes each
 * profile's BPF program into the library), not at every start: libseccomp took about
 * 1 ms of a 4 ms run to build one. A profile is the need bits and whether it writes. */
#define SANDBOX_NEEDS_ALL ((1u << 5) - 1) /* every sandbox_need bit */
#define SANDBOX_WRITING (1u << 5)         /* in a profile: writes through a directory */
#define SANDBOX_PROFILES (1u << 6)
/* What the exported programs hold where the process's pid (the kill rule) and the
 * directory's descriptor go; sandbox_enter_writing puts the real values there. Neither
 * can be a pid (at most 2^22), a descriptor, or any other constant a rule compares. */
#define SANDBOX_PID_SENTINEL 0x7eadbee1u
#define SANDBOX_DIRFD_SENTINEL 0x7eadbee2u

/* Build time: write profile's BPF program (struct sock_filter, as the kernel takes it)
 * to fd. False, errno set, if libseccomp failed. */
bool sandbox_export(unsigned profile, int fd);

#endif
