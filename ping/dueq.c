/* dueq.c — a min-heap of (due time, target): fping's retries in a sweep, each due
 * when the wait of the try before it ends (multi.c). The earliest is found at once
 * and added or taken in O(log n), where a scan of every target cost O(n) per probe;
 * equal times come out in target order, as fping's queue gives them. */
#include "ping.h"

#include <stdlib.h>

/* earlier
 * Whether a comes out before b. */
static bool earlier(const struct ping_due *a, const struct ping_due *b)
{
	return a->due_ns < b->due_ns || (a->due_ns == b->due_ns && a->target < b->target);
}

/* swap_at
 * Exchange two entries. */
static void swap_at(struct ping_due *v, size_t i, size_t j)
{
	struct ping_due t = v[i];
	v[i] = v[j];
	v[j] = t;
}

/* ping_dueq_push
 * Add target's due time; false when out of memory. */
bool ping_dueq_push(struct ping_dueq *q, uint64_t due_ns, uint32_t target)
{
	if (q->n == q->cap) {
		size_t cap = q->cap ? 2 * q->cap : 64;
		struct ping_due *v = realloc(q->v, cap * sizeof(*v));
		if (!v)
			return false;
		q->v = v;
		q->cap = cap;
	}
	size_t i = q->n++;
	q->v[i] = (struct ping_due){.due_ns = due_ns, .target = target};
	while (i > 0 && earlier(&q->v[i], &q->v[(i - 1) / 2])) {
		swap_at(q->v, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
	return true;
}

/* ping_dueq_peek
 * The earliest entry into *out; false when the queue is empty. */
bool ping_dueq_peek(const struct ping_dueq *q, struct ping_due *out)
{
	if (!q->n)
		return false;
	*out = q->v[0];
	return true;
}

/* ping_dueq_pop
 * Take the earliest entry out (the queue must not be empty). */
void ping_dueq_pop(struct ping_dueq *q)
{
	q->v[0] = q->v[--q->n];
	for (size_t i = 0;;) {
		size_t l = 2 * i + 1, r = l + 1, min = i;
		if (l < q->n && earlier(&q->v[l], &q->v[min]))
			min = l;
		if (r < q->n && earlier(&q->v[r], &q->v[min]))
			min = r;
		if (min == i)
			return;
		swap_at(q->v, i, min);
		i = min;
	}
}

/* ping_dueq_free
 * Release the queue. */
void ping_dueq_free(struct ping_dueq *q)
{
	free(q->v);
	*q = (struct ping_dueq){0};
}
