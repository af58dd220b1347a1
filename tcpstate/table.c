/* table.c — counting tables in flat memory (see table.h). */
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

/* rehash
 * The entries counted more than keep_above into cap new slots; false without memory. */
static bool rehash(struct ts_table *t, size_t cap, uint32_t keep_above)
{
	struct ts_entry *v = calloc(cap, sizeof(*v));
	if (!v)
		return false;
	size_t used = 0;
	for (size_t i = 0; i < t->cap; i++) {
		if (t->v[i].key.family && t->v[i].count > keep_above) {
			*slot_of(v, cap, &t->v[i].key) = t->v[i];
			used++;
		}
	}
	free(t->v);
	t->v = v;
	t->cap = cap;
	t->used = used;
	return true;
}

/* by_count
 * qsort order of counts, smallest first. */
static int by_count(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

/* drop_rarer_half
 * The table is full: drop every key counted no more than the median (half of them at
 * least); the counts kept may now be low by that much more. */
static bool drop_rarer_half(struct ts_table *t)
{
	uint32_t *counts = malloc(t->used * sizeof(*counts));
	if (!counts)
		return false;
	size_t n = 0;
	for (size_t i = 0; i < t->cap; i++)
		if (t->v[i].key.family)
			counts[n++] = t->v[i].count;
	qsort(counts, n, sizeof(*counts), by_count);
	uint32_t median = counts[n / 2];
	free(counts);
	t->undercount += median;
	return rehash(t, t->cap, median);
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
	if (2 * (t->used + 1) > t->cap && t->used < TS_TABLE_MAX &&
	    !rehash(t, t->cap ? t->cap * 2 : 64, 0))
		return false;
	struct ts_entry *e = slot_of(t->v, t->cap, k);
	if (!e->key.family) {
		if (t->used >= TS_TABLE_MAX) {
			if (!drop_rarer_half(t))
				return false;
			e = slot_of(t->v, t->cap, k);
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

size_t ts_table_distinct(const struct ts_table *t)
{
	return t->undercount ? TS_TABLE_MAX + 1 : t->used;
}

void ts_table_free(struct ts_table *t)
{
	free(t->v);
	memset(t, 0, sizeof(*t));
}
