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
 * it could not be installed: callers exit rather than run without it. */
bool sandbox_enter(unsigned needs);

/* The same, and files written in one directory only: dirfd, opened before (O_PATH
 * will do). Calls naming it are allowed (openat to create and write, renameat from it
 * to it, unlinkat in it): a textfile written by rename (metrics_write_atomic_at). The
 * descriptor is compared, not a path: seccomp cannot read paths, so an absolute path
 * given with that descriptor would still pass (Landlock could close that; not used
 * yet); open(), openat(AT_FDCWD) and every other descriptor stay refused. dirfd -1:
 * none (sandbox_enter). */
bool sandbox_enter_writing(unsigned needs, int dirfd);

#endif
