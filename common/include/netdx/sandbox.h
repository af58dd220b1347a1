/* sandbox — a seccomp allow-list installed once a binary's sockets are open and its
 * capabilities dropped (priv_drop_all sets no_new_privs, which seccomp needs without
 * CAP_SYS_ADMIN). Every system call a netdx tool still needs after setup is allowed:
 * I/O on its descriptors, the event loop, memory, time, signals, reading files such as
 * /etc/hosts and terminfo, and the sockets of name lookups. Everything else — running
 * programs (execve), creating processes, ptrace, mounting, changing owners or
 * permissions, deleting files, signalling other processes — fails with EPERM.
 * Sanitizer builds also allow what LeakSanitizer needs at exit (clone, ptrace, wait4).
 * The only file that calls libseccomp. */
#ifndef NETDX_SANDBOX_H
#define NETDX_SANDBOX_H

#include <stdbool.h>

/* Install the filter. False (errno set) if it could not be installed: callers exit
 * rather than run without it. */
bool sandbox_enter(void);

#endif
