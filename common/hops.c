/* hops.c — per-hop aggregates and pathping's loss split (see netdx/hops.h). */
#include "netdx/hops.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

bool hops_init(struct hops *h, int first_ttl, int max_ttl)
{
	memset(h, 0, sizeof(*h));
	if (first_ttl < 1 || max_ttl > HOPS_MAX_TTL || first_ttl > max_ttl)
		return false;
	h->first_ttl = first_ttl;
	h->max_ttl = max_ttl;
	h->hop = calloc((size_t)(max_ttl - first_ttl + 1), sizeof(*h->hop));
	return h->hop != NULL; /* all zero: each hop is set up on first use (hops_at) */
}

void hops_free(struct hops *h)
{
	free(h->hop);
	h->hop = NULL;
}

void hops_reset(struct hops *h)
{
	h->dest_ttl = 0;
	h->top_sent_ttl = 0;
	memset(h->hop, 0, (size_t)(h->max_ttl - h->first_ttl + 1) * sizeof(*h->hop));
}

/* hops_at
 * The hop of a TTL, set up on first use: on zeroed memory that is stats_init()'s
 * INT64_MAX minimum and no last responder (test_hops_wait checks it matches). Only the
 * hop's first bytes are written, so a hop nobody uses costs no memory. */
struct hop *hops_at(const struct hops *h, int ttl)
{
	if (!h->hop || ttl < h->first_ttl || ttl > h->max_ttl)
		return NULL;
	struct hop *hp = &h->hop[ttl - h->first_ttl];
	if (!hp->ready) {
		hp->stats.tmin_us = INT64_MAX;
		hp->last_responder = -1;
		hp->ready = true;
	}
	return hp;
}

void hops_sent(struct hops *h, int ttl)
{
	struct hop *hp = hops_at(h, ttl);
	if (hp)
		stats_sent(&hp->stats);
	if (hp && ttl > h->top_sent_ttl)
		h->top_sent_ttl = ttl;
}

/* responder_index
 * The responder entry for addr, created if there is room; -1 when the table is full. */
static int responder_index(struct hop *hp, const struct netdx_addr *addr)
{
	for (size_t i = 0; i < hp->n_responders; i++)
		if (addr_equal(&hp->responders[i].addr, addr))
			return (int)i;
	if (hp->n_responders == HOPS_MAX_RESPONDERS)
		return -1;
	struct hop_responder *r = &hp->responders[hp->n_responders];
	memset(r, 0, sizeof(*r));
	r->addr = *addr;
	return (int)hp->n_responders++;
}

/* responder_add
 * Fold one answer into a responder's own figures. */
static void responder_add(struct hop_responder *r, double rtt_ms, const struct icmp_msg *msg)
{
	if (r->received == 0 || rtt_ms < r->best_ms)
		r->best_ms = rtt_ms;
	if (r->received == 0 || rtt_ms > r->worst_ms)
		r->worst_ms = rtt_ms;
	r->received++;
	r->last_ms = rtt_ms;
	r->sum_ms += rtt_ms;
	if (msg) {
		r->icmp_type = msg->type;
		r->icmp_code = msg->code;
		r->n_mpls = msg->n_mpls;
		memcpy(r->mpls, msg->mpls, msg->n_mpls * sizeof(msg->mpls[0]));
	}
}

void hops_answer(struct hops *h, int ttl, uint64_t probe_seq, const struct netdx_addr *from,
		 double rtt_ms, const struct icmp_msg *msg, bool destination, bool duplicate)
{
	struct hop *hp = hops_at(h, ttl);
	if (!hp)
		return;
	stats_reply(&hp->stats, probe_seq, rtt_ms, duplicate);
	if (duplicate)
		return;
	if (destination) {
		hp->destination = true;
		if (h->dest_ttl == 0 || ttl < h->dest_ttl)
			h->dest_ttl = ttl;
	}
	int i = responder_index(hp, from);
	if (i < 0) {
		hp->other_responders++;
		return;
	}
	if (hp->last_responder >= 0 && hp->last_responder != i)
		hp->responder_changes++;
	hp->last_responder = i;
	responder_add(&hp->responders[i], rtt_ms, msg);
}

int hops_last_ttl(const struct hops *h)
{
	if (h->dest_ttl)
		return h->dest_ttl;
	for (int ttl = h->max_ttl; ttl >= h->first_ttl; ttl--)
		if (hops_at(h, ttl)->stats.received)
			return ttl;
	return h->max_ttl;
}

void hops_wilson(uint64_t lost, uint64_t sent, double *lo_pct, double *hi_pct)
{
	if (sent == 0) {
		*lo_pct = 0;
		*hi_pct = 100;
		return;
	}
	const double z = 1.959964; /* 95% */
	double n = (double)sent, p = (double)lost / n;
	double denom = 1 + z * z / n;
	double centre = (p + z * z / (2 * n)) / denom;
	double half = z * sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom;
	*lo_pct = fmax(0, centre - half) * 100;
	*hi_pct = fmin(1, centre + half) * 100;
}

/* loss_of
 * A loss figure for lost of sent, with its interval. */
static struct hop_loss loss_of(uint64_t lost, uint64_t sent)
{
	struct hop_loss l = {.sent = sent, .lost = lost};
	l.pct = sent ? (double)lost / (double)sent * 100 : 0;
	hops_wilson(lost, sent, &l.lo_pct, &l.hi_pct);
	return l;
}

void hops_loss(const struct hops *h, int ttl, struct hop_loss *out)
{
	const struct hop *hp = hops_at(h, ttl);
	uint64_t sent = hp ? hp->stats.sent : 0, recv = hp ? hp->stats.received : 0;
	*out = loss_of(sent > recv ? sent - recv : 0, sent);
}

/* loss_fraction
 * Lost / sent at a hop; -1 for a hop that was never probed. */
static double loss_fraction(const struct hops *h, int ttl)
{
	const struct hop *hp = hops_at(h, ttl);
	if (!hp || hp->stats.sent == 0)
		return -1;
	uint64_t recv = hp->stats.received < hp->stats.sent ? hp->stats.received : hp->stats.sent;
	return (double)(hp->stats.sent - recv) / (double)hp->stats.sent;
}

/* persistent_loss
 * The loss that hop ttl shares with every later hop up to the last: the smallest loss
 * fraction from ttl on. Only that much can be on the path itself; a router showing more
 * loses its own answers. */
static double persistent_loss(const struct hops *h, int ttl)
{
	double min = -1;
	for (int t = ttl; t <= hops_last_ttl(h); t++) {
		double f = loss_fraction(h, t);
		if (f >= 0 && (min < 0 || f < min))
			min = f;
	}
	return min < 0 ? 0 : min;
}

void hops_split_loss(const struct hops *h, int ttl, struct hop_loss *link, struct hop_loss *node)
{
	const struct hop *hp = hops_at(h, ttl);
	uint64_t sent = hp ? hp->stats.sent : 0;
	double here = loss_fraction(h, ttl);
	double persist = persistent_loss(h, ttl);
	double before = ttl > h->first_ttl ? persistent_loss(h, ttl - 1) : 0;
	if (here < 0)
		here = 0;
	/* counts in this hop's probes, rounded to whole probes */
	uint64_t link_lost = (uint64_t)llround(fmax(0, persist - before) * (double)sent);
	uint64_t node_lost = (uint64_t)llround(fmax(0, here - persist) * (double)sent);
	*link = loss_of(link_lost, sent);
	*node = loss_of(node_lost, sent);
}

/* z_two
 * Two-proportion z statistic for l1/n1 against l2/n2 (pooled standard error); large
 * and positive when the first loses more. */
static double z_two(uint64_t l1, uint64_t n1, uint64_t l2, uint64_t n2)
{
	if (!n1 || !n2)
		return 0;
	double p1 = (double)l1 / (double)n1, p2 = (double)l2 / (double)n2;
	double p = (double)(l1 + l2) / (double)(n1 + n2);
	double se = sqrt(p * (1 - p) * (1.0 / (double)n1 + 1.0 / (double)n2));
	if (se == 0)
		return p1 > p2 ? INFINITY : 0;
	return (p1 - p2) / se;
}

/* hop_counts
 * Sent and lost at one hop (0, 0 when it was never probed). */
static void hop_counts(const struct hops *h, int ttl, uint64_t *lost, uint64_t *sent)
{
	const struct hop *hp = hops_at(h, ttl);
	*sent = hp ? hp->stats.sent : 0;
	uint64_t recv = hp && hp->stats.received < *sent ? hp->stats.received : *sent;
	*lost = *sent - recv;
}

bool hops_node_only(const struct hops *h, int ttl, struct hop_loss *loss)
{
	int last = hops_last_ttl(h);
	uint64_t lost, sent, after_lost = 0, after_sent = 0;
	if (ttl >= last)
		return false; /* the last hop's loss is the path's */
	hop_counts(h, ttl, &lost, &sent);
	for (int t = ttl + 1; t <= last; t++) {
		uint64_t l, n;
		hop_counts(h, t, &l, &n);
		after_lost += l;
		after_sent += n;
	}
	if (!sent || !after_sent || z_two(lost, sent, after_lost, after_sent) <= HOPS_Z)
		return false;
	double excess = (double)lost / (double)sent - (double)after_lost / (double)after_sent;
	*loss = loss_of((uint64_t)llround(excess * (double)sent), sent);
	return true;
}

bool hops_loss_starts(const struct hops *h, int ttl, struct hop_loss *loss)
{
	struct hop_loss ignored;
	uint64_t here_lost, here_sent, before_lost = 0, before_sent = 0;
	if (ttl > hops_last_ttl(h) || hops_node_only(h, ttl, &ignored))
		return false; /* a router's own loss is not the path's */
	hop_counts(h, ttl, &here_lost, &here_sent);
	/* the nearest earlier hop that speaks for the path (before the first: no loss) */
	for (int t = ttl - 1; t >= h->first_ttl; t--) {
		uint64_t l, n;
		hop_counts(h, t, &l, &n);
		if (n && !hops_node_only(h, t, &ignored)) {
			before_lost = l;
			before_sent = n;
			break;
		}
	}
	if (!here_sent)
		return false;
	if (!before_sent)
		before_sent = here_sent; /* compare with a loss-free start */
	if (z_two(here_lost, here_sent, before_lost, before_sent) <= HOPS_Z)
		return false;
	double rise = (double)here_lost / (double)here_sent - (double)before_lost / (double)before_sent;
	*loss = loss_of((uint64_t)llround(rise * (double)here_sent), here_sent);
	return true;
}

/* scaled_ns
 * factor × (rtt + 1 ms) in nanoseconds, as traceroute 2.x scales an RTT. */
static uint64_t scaled_ns(double factor, double rtt_ms)
{
	return (uint64_t)(factor * (rtt_ms + 1.0) * 1e6);
}

uint64_t hops_wait_ns(const struct hops *h, int ttl, const struct hops_wait *w)
{
	uint64_t wait = w->max_ns;
	const struct hop *hp = hops_at(h, ttl);
	if (w->here > 0 && hp && hp->stats.received) {
		wait = scaled_ns(w->here, hp->stats.max_ms);
	} else if (w->near > 0) {
		const struct hop *later = NULL, *earlier = NULL;
		/* no TTL above the highest probed can have answered */
		for (int t = ttl + 1; t <= h->top_sent_ttl && !later; t++)
			if (hops_at(h, t)->stats.received)
				later = hops_at(h, t);
		for (int t = ttl - 1; t >= h->first_ttl && !later && !earlier; t--)
			if (hops_at(h, t)->stats.received)
				earlier = hops_at(h, t);
		if (later) {
			wait = scaled_ns(w->near, later->stats.max_ms);
		} else if (earlier) {
			wait = scaled_ns(w->near, earlier->stats.max_ms);
			if (wait < w->beyond_min_ns)
				wait = w->beyond_min_ns;
		}
	}
	return wait < w->max_ns ? wait : w->max_ns;
}
