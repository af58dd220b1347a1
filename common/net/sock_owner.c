/* sock_owner.c — socket inode to process, from /proc/PID/fd (see netdx/sock_owner.h). */
#include "netdx/sock_owner.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* One slot of the open-addressing table: a socket inode and its process. */
struct slot {
	uint32_t inode; /* 0: free */
	uint32_t proc;  /* index into procs */
};

/* The table. */
struct sock_owners {
	struct sock_owner *procs; /* processes that hold at least one socket */
	size_t nprocs, procs_cap; /* used and allocated */
	struct slot *slots;       /* by inode, a power of two long, at most half full */
	size_t nslots, used;      /* allocated and used */
	unsigned hidden;          /* processes whose fd directory we could not read */
};

/* slot_for
 * The slot holding inode, or the free one where it would go. */
static struct slot *slot_for(struct slot *slots, size_t nslots, uint32_t inode)
{
	size_t mask = nslots - 1, i = (inode * 2654435761u) & mask;
	while (slots[i].inode && slots[i].inode != inode)
		i = (i + 1) & mask;
	return &slots[i];
}

/* grow_slots
 * Double the table (or make the first one); false when memory runs out. */
static bool grow_slots(struct sock_owners *o)
{
	size_t n = o->nslots ? o->nslots * 2 : 1024;
	struct slot *s = calloc(n, sizeof(*s));
	if (!s)
		return false;
	for (size_t i = 0; i < o->nslots; i++)
		if (o->slots[i].inode)
			*slot_for(s, n, o->slots[i].inode) = o->slots[i];
	free(o->slots);
	o->slots = s;
	o->nslots = n;
	return true;
}

/* add_socket
 * Remember that process proc holds inode (the first holder stays). */
static bool add_socket(struct sock_owners *o, uint32_t inode, uint32_t proc)
{
	if (2 * (o->used + 1) > o->nslots && !grow_slots(o))
		return false;
	struct slot *s = slot_for(o->slots, o->nslots, inode);
	if (!s->inode) {
		*s = (struct slot){.inode = inode, .proc = proc};
		o->used++;
	}
	return true;
}

/* add_proc
 * A new process entry with its pid and comm; its index, or -1 without memory. */
static long add_proc(struct sock_owners *o, int pid)
{
	if (o->nprocs == o->procs_cap) {
		size_t cap = o->procs_cap ? o->procs_cap * 2 : 64;
		struct sock_owner *p = realloc(o->procs, cap * sizeof(*p));
		if (!p)
			return -1;
		o->procs = p;
		o->procs_cap = cap;
	}
	struct sock_owner *p = &o->procs[o->nprocs];
	p->pid = pid;
	snprintf(p->comm, sizeof(p->comm), "?");
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	FILE *f = fopen(path, "re");
	if (f) {
		if (fgets(p->comm, sizeof(p->comm), f))
			p->comm[strcspn(p->comm, "\n")] = '\0';
		fclose(f);
	}
	return (long)o->nprocs++;
}

/* socket_inode
 * The inode of a descriptor link "socket:[N]", 0 for anything else. */
static uint32_t socket_inode(int dirfd, const char *fd_name)
{
	char link[64];
	ssize_t n = readlinkat(dirfd, fd_name, link, sizeof(link) - 1);
	if (n <= 8 || strncmp(link, "socket:[", 8) != 0)
		return 0;
	link[n] = '\0';
	return (uint32_t)strtoul(link + 8, NULL, 10);
}

/* scan_process
 * Every socket descriptor of one process; false only without memory. */
static bool scan_process(struct sock_owners *o, int pid)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/fd", pid);
	int dirfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = dirfd >= 0 ? fdopendir(dirfd) : NULL;
	if (!d) {
		if (dirfd >= 0)
			close(dirfd);
		else if (errno == EACCES || errno == EPERM)
			o->hidden++;
		return true;
	}
	long proc = -1;
	bool ok = true;
	struct dirent *e;
	while (ok && (e = readdir(d))) {
		uint32_t inode = e->d_name[0] == '.' ? 0 : socket_inode(dirfd, e->d_name);
		if (inode && proc < 0)
			proc = add_proc(o, pid);
		ok = !inode || (proc >= 0 && add_socket(o, inode, (uint32_t)proc));
	}
	closedir(d);
	return ok;
}

struct sock_owners *sock_owners_scan(void)
{
	struct sock_owners *o = calloc(1, sizeof(*o));
	if (!o || !grow_slots(o)) {
		free(o);
		return NULL;
	}
	DIR *d = opendir("/proc");
	struct dirent *e;
	bool ok = true;
	while (ok && d && (e = readdir(d))) {
		char *end;
		long pid = strtol(e->d_name, &end, 10);
		if (*end == '\0' && pid > 0)
			ok = scan_process(o, (int)pid);
	}
	if (d)
		closedir(d);
	if (!ok) {
		sock_owners_free(o);
		return NULL;
	}
	return o;
}

const struct sock_owner *sock_owners_find(const struct sock_owners *o, uint32_t inode)
{
	if (!o || !inode)
		return NULL;
	const struct slot *s = slot_for(o->slots, o->nslots, inode);
	return s->inode ? &o->procs[s->proc] : NULL;
}

unsigned sock_owners_hidden(const struct sock_owners *o)
{
	return o ? o->hidden : 0;
}

void sock_owners_free(struct sock_owners *o)
{
	if (!o)
		return;
	free(o->procs);
	free(o->slots);
	free(o);
}
