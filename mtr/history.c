/* history.c — the last rounds of every hop for the live view's history bars: a ring
 * per TTL fed from the rounds engine's events (sent, answered, round closed). */
#include <stdlib.h>
#include <string.h>

#include "view.h"

/* slot_of
 * The slot of a round at a TTL, NULL outside the TTL range. */
static struct mtr_hist_slot *slot_of(const struct mtr_history *h, uint64_t round, int ttl)
{
	if (!h->slot || ttl < h->first_ttl || ttl >= h->first_ttl + h->n_ttl)
		return NULL;
	return &h->slot[(size_t)(ttl - h->first_ttl) * h->depth + round % h->depth];
}

/* mtr_history_init
 * One empty ring of depth rounds per TTL of the range. */
bool mtr_history_init(struct mtr_history *h, int first_ttl, int max_ttl, size_t depth)
{
	*h = (struct mtr_history){.first_ttl = first_ttl,
				  .n_ttl = max_ttl - first_ttl + 1,
				  .depth = depth ? depth : 1};
	h->slot = calloc((size_t)h->n_ttl * h->depth, sizeof(*h->slot));
	return h->slot != NULL;
}

/* mtr_history_free
 * Give the rings back. */
void mtr_history_free(struct mtr_history *h)
{
	free(h->slot);
	h->slot = NULL;
}

/* mtr_history_reset
 * Empty every slot; next_round stays, so the bars keep their place in time. */
void mtr_history_reset(struct mtr_history *h)
{
	if (h->slot)
		memset(h->slot, 0, (size_t)h->n_ttl * h->depth * sizeof(*h->slot));
}

/* mtr_history_sent
 * A probe went out: its slot now belongs to this round, pending. */
void mtr_history_sent(struct mtr_history *h, uint64_t round, int ttl)
{
	struct mtr_hist_slot *s = slot_of(h, round, ttl);
	if (!s)
		return;
	*s = (struct mtr_hist_slot){.tag = round + 1, .state = MTR_HIST_PENDING};
	if (round + 1 > h->next_round)
		h->next_round = round + 1;
}

/* mtr_history_answer
 * An answer: keep its RTT if the slot still belongs to that probe. */
void mtr_history_answer(struct mtr_history *h, uint64_t round, int ttl, double rtt_ms)
{
	struct mtr_hist_slot *s = slot_of(h, round, ttl);
	if (!s || s->tag != round + 1 || s->state != MTR_HIST_PENDING)
		return; /* reset since it was sent, or overwritten by a newer round */
	s->state = MTR_HIST_ANSWERED;
	s->rtt_ms = (float)rtt_ms;
}

/* mtr_history_round_done
 * A round closed: what it did not get at any TTL is lost. */
void mtr_history_round_done(struct mtr_history *h, uint64_t round)
{
	for (int ttl = h->first_ttl; ttl < h->first_ttl + h->n_ttl; ttl++) {
		struct mtr_hist_slot *s = slot_of(h, round, ttl);
		if (s && s->tag == round + 1 && s->state == MTR_HIST_PENDING)
			s->state = MTR_HIST_LOST;
	}
}

/* mtr_history_get
 * What the ring holds for one round at one TTL. */
enum mtr_hist_state mtr_history_get(const struct mtr_history *h, int ttl, uint64_t round,
				    double *rtt_ms)
{
	const struct mtr_hist_slot *s = slot_of(h, round, ttl);
	if (!s || s->tag != round + 1)
		return MTR_HIST_NONE;
	if (s->state == MTR_HIST_ANSWERED && rtt_ms)
		*rtt_ms = s->rtt_ms;
	return (enum mtr_hist_state)s->state;
}
