/* sock_owner.c — the socket inode to process table (see netdx/sock_owner.h and
 * sock_owner_table.h); sock_owner_scan.c fills it. */
#include <stdlib.h>

#include "sock_owner_table.h"

/* slot_for
 * The slot holding inode, or the free one where it would go. */
static struct sock_owner_slot *slot_for(struct sock_owner_slot *slots, size_t nslots,
					uint32_t inode)
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
	struct sock_owner_slot *s = calloc(n, sizeof(*s));
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

struct sock_owners *sock_owners_new(void)
{
	struct sock_owners *o = calloc(1, sizeof(*o));
	if (o && !grow_slots(o)) {
		free(o);
		return NULL;
	}
	return o;
}

long sock_owners_add_proc(struct sock_owners *o, const struct sock_owner *who)
{
	if (o->nprocs == o->procs_cap) {
		size_t cap = o->procs_cap ? o->procs_cap * 2 : 64;
		struct sock_owner *p = realloc(o->procs, cap * sizeof(*p));
		if (!p)
			return -1;
		o->procs = p;
		o->procs_cap = cap;
	}
	o->procs[o->nprocs] = *who;
	return (long)o->nprocs++;
}

bool sock_owners_add_socket(struct sock_owners *o, uint32_t inode, uint32_t proc)
{
	if (2 * (o->used + 1) > o->nslots && !grow_slots(o))
		return false;
	struct sock_owner_slot *s = slot_for(o->slots, o->nslots, inode);
	if (!s->inode) {
		*s = (struct sock_owner_slot){.inode = inode, .proc = proc};
		o->used++;
	} else if (o->procs[proc].pid < o->procs[s->proc].pid) {
		s->proc = proc;
	}
	return true;
}

const struct sock_owner *sock_owners_find(const struct sock_owners *o, uint32_t inode)
{
	if (!o || !inode)
		return NULL;
	const struct sock_owner_slot *s = slot_for(o->slots, o->nslots, inode);
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
