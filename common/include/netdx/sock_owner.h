/* sock_owner — which process holds a socket, found as `ss -p` and `netstat -p` find
 * it: every /proc/PID/fd link "socket:[INODE]" read once into a table by inode. A
 * process whose descriptors we may not read (another user's, without root or
 * CAP_SYS_PTRACE / CAP_DAC_READ_SEARCH) is counted as hidden, never an error. */
#ifndef NETDX_SOCK_OWNER_H
#define NETDX_SOCK_OWNER_H

#include <stdint.h>

/* A process holding a socket. */
struct sock_owner {
	int pid;       /* its process id */
	char comm[16]; /* its name, /proc/PID/comm */
};

struct sock_owners;

/* Read every process's descriptors now (before the sandbox: it opens /proc files).
 * NULL only when memory runs out. */
struct sock_owners *sock_owners_scan(void);

/* The process holding the socket with this inode, or NULL (none seen, or inode 0). When
 * several share it (inherited across fork), the first found. */
const struct sock_owner *sock_owners_find(const struct sock_owners *o, uint32_t inode);

/* How many processes' descriptors could not be read. */
unsigned sock_owners_hidden(const struct sock_owners *o);

/* Free the table (NULL is fine). */
void sock_owners_free(struct sock_owners *o);

#endif
