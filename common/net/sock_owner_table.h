/* sock_owner_table.h — the inode table behind netdx/sock_owner.h, shared by its two
 * files: sock_owner.c (the table) and sock_owner_scan.c (the /proc walk that fills it). */
#ifndef NETDX_SOCK_OWNER_TABLE_H
#define NETDX_SOCK_OWNER_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "netdx/sock_owner.h"

/* One slot of the open-addressing table: a socket inode and its process. */
struct sock_owner_slot {
	uint32_t inode; /* 0: free */
	uint32_t proc;  /* index into procs */
};

struct sock_owners {
	struct sock_owner *procs;      /* processes that hold at least one socket */
	size_t nprocs, procs_cap;      /* used and allocated */
	struct sock_owner_slot *slots; /* by inode, a power of two long, at most half full */
	size_t nslots, used;           /* allocated and used */
	unsigned hidden;               /* processes whose fd directory we could not read */
};

/* An empty table; NULL without memory. */
struct sock_owners *sock_owners_new(void);

/* A process entry (pid, comm); its index, or -1 without memory. */
long sock_owners_add_proc(struct sock_owners *o, const struct sock_owner *who);

/* Process proc holds inode. When several processes share a socket (inherited across
 * fork), the lowest pid keeps it. False without memory. */
bool sock_owners_add_socket(struct sock_owners *o, uint32_t inode, uint32_t proc);

#endif
