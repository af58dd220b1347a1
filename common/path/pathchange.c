/* pathchange.c — the path-change log (see netdx/pathchange.h). */
#include "netdx/pathchange.h"

#include "netdx/zpages.h"

struct pathchange *pathchange_new(unsigned confirm)
{
	struct pathchange *pc = zpages_new(1, sizeof(*pc));
	if (pc)
		pc->confirm = confirm ? confirm : 1;
	return pc;
}

void pathchange_free(struct pathchange *pc)
{
	zpages_free(pc, 1, sizeof(*pc));
}

/* pathchange_record
 * The candidate has answered often enough: it is the hop's responder now. */
static void pathchange_record(struct pathchange *pc, int ttl, struct pathchange_hop *h)
{
	if (pc->n_log < PATHCHANGE_LOG_MAX)
		pc->log[pc->n_log++] = (struct pathchange_entry){.time_s = h->candidate_s,
								 .ttl = ttl,
								 .from = h->current,
								 .to = h->candidate};
	pc->total++;
	h->current = h->candidate;
	h->candidate_n = 0;
}

bool pathchange_answer(struct pathchange *pc, int ttl, const struct netdx_addr *from, double time_s)
{
	if (ttl < 1 || ttl > HOPS_MAX_TTL || !from || !from->len)
		return false;
	struct pathchange_hop *h = &pc->hop[ttl];
	if (!h->known) {
		h->known = true;
		h->current = *from;
		return false;
	}
	if (addr_equal(from, &h->current)) {
		h->candidate_n = 0; /* not moved for good: the run starts over */
		return false;
	}
	if (h->candidate_n && addr_equal(from, &h->candidate)) {
		h->candidate_n++;
	} else {
		h->candidate = *from;
		h->candidate_n = 1;
		h->candidate_s = time_s;
	}
	if (h->candidate_n < pc->confirm)
		return false;
	pathchange_record(pc, ttl, h);
	return true;
}
