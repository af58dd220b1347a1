/* table.c — bounded counting tables (see table.h). */
#include "table.h"

#include <stdlib.h>
#include <string.h>

/* key_hash
 * FNV-1a over the key's bytes. */
static size_t key_hash(const struct ts_key *k)
{
	const uint8_t *p = (const uint8_t *)k;
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < sizeof(*k); i++)
		h = (h ^ p[i]) * 1099511628211ull;
	return (size_t)h;
}

/* slot_of
 * The slot of key k, or the free one where it would go. */
static struct ts_entry *slot_of(struct ts_entry *v, size_t cap, const struct ts_key *k)
{
	size_t i = key_hash(k) & (cap - 1);
	while (v[i].key.family && memcmp(&v[i].key, k, sizeof(*k)) != 0)
		i = (i + 1) & (cap - 1);
	return &v[i];
}

/* grow
 * Double the slots (or make the first ones); false without memory. */
static bool grow(struct ts_table *t)
{
	size_t cap = t->cap ? t->cap * 2 : 64;
	struct ts_entry *v = calloc(cap, sizeof(*v));
	if (!v)
		return false;
	for (size_t i = 0; i < t->cap; i++)
		if (t->v[i].key.family)
			*slot_of(v, cap, &t->v[i].key) = t->v[i];
	free(t->v);
	t->v = v;
	t->cap = cap;
	return true;
}

/* note_owner
 * Remember the entry's first owner; note when another process holds some too. */
static void note_owner(struct ts_entry *e, const struct sock_owner *owner)
{
	if (!owner)
		return;
	if (e->who.pid == 0)
		e->who = *owner;
	else if (e->who.pid != owner->pid)
		e->many_owners = true;
}

bool ts_table_add(struct ts_table *t, const struct ts_key *k, const struct sock_owner *owner)
{
	if (2 * (t->used + 1) > t->cap && t->used < TS_TABLE_MAX && !grow(t))
		return false;
	struct ts_entry *e = slot_of(t->v, t->cap, k);
	if (!e->key.family) {
		if (t->used >= TS_TABLE_MAX) {
			t->other++;
			return true;
		}
		memset(e, 0, sizeof(*e));
		e->key = *k;
		t->used++;
	}
	e->count++;
	note_owner(e, owner);
	return true;
}

/* ranks_before
 * Does a come before b in a top list: a higher count, or the same and a lower key (so
 * the order never depends on the hash). */
static bool ranks_before(const struct ts_entry *a, const struct ts_entry *b)
{
	if (a->count != b->count)
		return a->count > b->count;
	if (a->key.port != b->key.port)
		return a->key.port < b->key.port;
	return memcmp(a->key.addr, b->key.addr, sizeof(a->key.addr)) < 0;
}

size_t ts_table_top(const struct ts_table *t, const struct ts_entry **out, size_t n)
{
	size_t have = 0;
	for (size_t i = 0; i < t->cap && n > 0; i++) {
		const struct ts_entry *e = &t->v[i];
		if (!e->key.family || (have == n && !ranks_before(e, out[n - 1])))
			continue;
		size_t j = have < n ? have++ : n - 1;
		while (j > 0 && ranks_before(e, out[j - 1])) {
			out[j] = out[j - 1];
			j--;
		}
		out[j] = e;
	}
	return have;
}

void ts_table_free(struct ts_table *t)
{
	free(t->v);
	memset(t, 0, sizeof(*t));
}
