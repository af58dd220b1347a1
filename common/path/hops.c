/* hops.c — per-hop aggregates and pathping's loss split (see netdx/hops.h). */
#include "netdx/hops.h"
#include "netdx/num.h"
#include "netdx/zpages.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool hops_init(struct hops *h, int first_ttl, int max_ttl)
{
	memset(h, 0, sizeof(*h));
	if (first_ttl < 1 || max_ttl > HOPS_MAX_TTL || first_ttl > max_ttl)
		return false;
	h->first_ttl = first_ttl;
	h->max_ttl = max_ttl;
	/* all zero, and paged in only as TTLs are used: each hop is set up on first use
	 * (hops_at), and a path is often shorter than max_ttl */
	h->hop = zpages_new((size_t)(max_ttl - first_ttl + 1), sizeof(*h->hop));
	return h->hop != NULL;
}

void hops_free(struct hops *h)
{
	zpages_free(h->hop, (size_t)(h->max_ttl - h->first_ttl + 1), sizeof(*h->hop));
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

/* max_of, min_of, norm_of
 * fmax, fmin and hypot for the finite figures here (rates and percentages), without a
 * call into libm (see netdx/num.h). */
static double max_of(double a, double b)
{
	return a > b ? a : b;
}

static double min_of(double a, double b)
{
	return a < b ? a : b;
}

static double norm_of(double x, double y)
{
	return sqrt(x * x + y * y);
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
	quote_check_note(&hp->quote, msg);
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
	int answered = hops_last_answered(h, h->max_ttl);
	return answered < h->max_ttl ? answered + 1 : h->max_ttl;
}

int hops_last_answered(const struct hops *h, int last)
{
	for (int ttl = last < h->max_ttl ? last : h->max_ttl; ttl >= h->first_ttl; ttl--)
		if (hops_at(h, ttl)->stats.received)
			return ttl;
	return h->first_ttl - 1;
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
	*lo_pct = max_of(0, centre - half) * 100;
	*hi_pct = min_of(1, centre + half) * 100;
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

/* hop_counts
 * Sent and lost at one hop (0, 0 when it was never probed). */
static void hop_counts(const struct hops *h, int ttl, uint64_t *lost, uint64_t *sent)
{
	const struct hop *hp = hops_at(h, ttl);
	*sent = hp ? hp->stats.sent : 0;
	uint64_t recv = hp && hp->stats.received < *sent ? hp->stats.received : *sent;
	*lost = *sent - recv;
}

/* loss_fraction
 * Lost / sent at a hop; -1 for a hop that was never probed. */
static double loss_fraction(const struct hops *h, int ttl)
{
	uint64_t lost, sent;
	hop_counts(h, ttl, &lost, &sent);
	return sent ? (double)lost / (double)sent : -1;
}

/* persistent_loss
 * The loss hop ttl shares with every later row up to last: the least loss fraction
 * among them (0 when none was probed), and in *at the hop showing it (0: none). Only
 * that much can be on the path itself; a router showing more loses its own answers. */
static double persistent_loss(const struct hops *h, int ttl, int last, int *at)
{
	double min = -1;
	*at = 0;
	for (int t = ttl; t <= last; t++) {
		double f = loss_fraction(h, t);
		if (f >= 0 && (min < 0 || f < min)) {
			min = f;
			*at = t;
		}
	}
	return min < 0 ? 0 : min;
}

/* split_counts
 * A hop's link and node figures in whole probes of its own (see hops_split_loss). */
static void split_counts(const struct hops *h, int last, int ttl, uint64_t *link_lost,
			 uint64_t *node_lost)
{
	uint64_t lost, sent;
	int at;
	hop_counts(h, ttl, &lost, &sent);
	double here = sent ? (double)lost / (double)sent : 0;
	double persist = persistent_loss(h, ttl, last, &at);
	double before = ttl > h->first_ttl ? persistent_loss(h, ttl - 1, last, &at) : 0;
	*link_lost = (uint64_t)num_round(max_of(0, persist - before) * (double)sent);
	*node_lost = (uint64_t)num_round(max_of(0, here - persist) * (double)sent);
}

void hops_split_loss(const struct hops *h, int last, int ttl, struct hop_loss *link,
		     struct hop_loss *node)
{
	uint64_t lost, sent, link_lost, node_lost;
	hop_counts(h, ttl, &lost, &sent);
	split_counts(h, last, ttl, &link_lost, &node_lost);
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

/* difference_figure
 * A finding's figure: lost of sent as the table shows it, with Newcombe's 95% interval
 * for l1/n1 - l2/n2 (hybrid score, from the two Wilson intervals), widened if need be
 * so that it holds the figure itself (the table's whole-probe rounding). */
static struct hop_loss difference_figure(uint64_t lost, uint64_t sent, uint64_t l1, uint64_t n1,
					 uint64_t l2, uint64_t n2)
{
	struct hop_loss f = loss_of(lost, sent);
	double lo1, hi1, lo2, hi2;
	double p1 = (double)l1 / (double)n1 * 100, p2 = (double)l2 / (double)n2 * 100;
	hops_wilson(l1, n1, &lo1, &hi1);
	hops_wilson(l2, n2, &lo2, &hi2);
	double d = p1 - p2;
	f.lo_pct = max_of(0, min_of(f.pct, d - norm_of(p1 - lo1, hi2 - p2)));
	f.hi_pct = min_of(100, max_of(f.pct, d + norm_of(hi1 - p1, p2 - lo2)));
	return f;
}

uint64_t hops_round_up_125(uint64_t n)
{
	static const uint64_t steps[] = {1, 2, 5};
	for (uint64_t scale = 1; scale <= UINT64_MAX / 10; scale *= 10)
		for (size_t i = 0; i < 3; i++)
			if (steps[i] * scale >= n)
				return steps[i] * scale;
	return n;
}

/* probes_needed
 * Probes a hop (on both sides, as z_two compares them) for a loss of p to stand out
 * from none at z > HOPS_Z four times in five (the normal approximation's sample size
 * for 80% power), rounded up by hops_round_up_125 and more than now. */
static uint64_t probes_needed(double p, uint64_t now)
{
	const double z_power = 0.8416; /* the 80th percentile of the normal distribution */
	double mean = p / 2;
	double root = HOPS_Z * sqrt(2 * mean * (1 - mean)) + z_power * sqrt(p * (1 - p));
	double n = p > 0 ? num_ceil(root * root / (p * p)) : 0;
	uint64_t need = n < 1e18 ? (uint64_t)n : UINT64_MAX;
	return hops_round_up_125(need > now ? need : now + 1);
}

/* One pass over the rows for hops_findings(). */
struct finder {
	const struct hops *h;
	int last;     /* the table's last row */
	int answered; /* the last hop that answered */
	struct hops_finding *out;
	size_t max, n;
	int base;     /* the hop path loss is measured from, 0: the source */
	int pending;  /* the first hop of a rise that does not stand out yet */
	bool started; /* path loss was found somewhere */
};

/* add
 * Keep a finding (and count it even when out has no room). */
static void add(struct finder *f, struct hops_finding fd)
{
	if (f->n < f->max)
		f->out[f->n] = fd;
	f->n++;
}

/* find_node_only
 * Does router ttl lose more of its own probes than the least lossy hop after it, whose
 * probes it forwards? */
static void find_node_only(struct finder *f, int ttl)
{
	uint64_t link_lost, node_lost, lost, sent, ref_lost, ref_sent;
	int ref;
	if (ttl >= f->answered)
		return; /* the last hop's loss is the path's */
	split_counts(f->h, f->last, ttl, &link_lost, &node_lost);
	persistent_loss(f->h, ttl + 1, f->answered, &ref);
	hop_counts(f->h, ttl, &lost, &sent);
	if (!node_lost || !ref)
		return;
	hop_counts(f->h, ref, &ref_lost, &ref_sent);
	if (z_two(lost, sent, ref_lost, ref_sent) <= HOPS_Z)
		return;
	add(f, (struct hops_finding){
		       .kind = HOPS_NODE_ONLY,
		       .first = ttl,
		       .last = ttl,
		       .ref = ref,
		       .loss = difference_figure(node_lost, sent, lost, sent, ref_lost, ref_sent)});
}

/* links_lost
 * The table's link figures of hops from..to, summed. */
static uint64_t links_lost(const struct finder *f, int from, int to)
{
	uint64_t total = 0, link_lost, node_lost;
	for (int t = from; t <= to; t++) {
		split_counts(f->h, f->last, t, &link_lost, &node_lost);
		total += link_lost;
	}
	return total;
}

/* find_loss_start
 * Path loss rises on the link into ttl: does the loss that persists from here on stand
 * out from the level path loss was last found at (the source's none at first)? A rise
 * that does not is kept pending: with the next ones it may. */
static void find_loss_start(struct finder *f, int ttl)
{
	uint64_t link_lost, node_lost, lost, sent, base_lost = 0, base_sent, hop_lost, hop_sent;
	int at;
	split_counts(f->h, f->last, ttl, &link_lost, &node_lost);
	if (!link_lost)
		return;
	if (!f->pending)
		f->pending = ttl;
	persistent_loss(f->h, ttl, f->answered, &at);
	hop_counts(f->h, at, &lost, &sent);
	base_sent = sent; /* the source: a loss-free sample as large */
	if (f->base)
		hop_counts(f->h, f->base, &base_lost, &base_sent);
	if (z_two(lost, sent, base_lost, base_sent) <= HOPS_Z)
		return;
	hop_counts(f->h, ttl, &hop_lost, &hop_sent);
	add(f, (struct hops_finding){.kind = HOPS_LOSS_STARTS,
				     .first = f->pending,
				     .last = ttl,
				     .ref = f->base,
				     .loss = difference_figure(links_lost(f, f->pending, ttl),
							       hop_sent, lost, sent, base_lost,
							       base_sent)});
	f->base = at;
	f->pending = 0;
	f->started = true;
}

/* find_undecided
 * Loss persists to the last hop that answered, yet none stood out: say what the sample
 * cannot tell, and what would tell the least of it (the loss that persists from the
 * first hop of the rise on). A rise on top of loss already found is left to that
 * finding: the table shows it. */
static void find_undecided(struct finder *f)
{
	uint64_t lost, sent;
	int at;
	if (!f->pending || f->started)
		return;
	persistent_loss(f->h, f->pending, f->answered, &at);
	hop_counts(f->h, at, &lost, &sent);
	add(f, (struct hops_finding){.kind = HOPS_UNDECIDED,
				     .first = f->pending,
				     .last = f->answered,
				     .loss = loss_of(lost, sent),
				     .need = probes_needed((double)lost / (double)sent, sent)});
}

size_t hops_findings(const struct hops *h, int last, struct hops_finding *out, size_t max)
{
	struct finder f = {.h = h, .last = last, .out = out, .max = max};
	f.answered = hops_last_answered(h, last);
	if (!h->dest_ttl)
		add(&f, (struct hops_finding){.kind = HOPS_UNREACHED,
					      .first = f.answered + 1,
					      .last = last,
					      .ref = f.answered >= h->first_ttl ? f.answered : 0});
	for (int ttl = h->first_ttl; ttl <= f.answered; ttl++) {
		find_node_only(&f, ttl);
		find_loss_start(&f, ttl);
	}
	find_undecided(&f);
	return f.n;
}

bool hops_found_at(const struct hops_finding *f, size_t n, enum hops_finding_kind kind, int ttl)
{
	for (size_t i = 0; i < n && i < HOPS_MAX_FINDINGS; i++)
		if (f[i].kind == kind && f[i].first <= ttl && ttl <= f[i].last)
			return true;
	return false;
}

void hops_span_text(const struct hops_finding *f, char *buf, size_t len)
{
	if (f->first == f->last)
		snprintf(buf, len, "hop %d", f->first);
	else
		snprintf(buf, len, "hops %d-%d", f->first, f->last);
}

void hops_pct_range_text(double lo, double hi, int decimals, char *buf, size_t len)
{
	if (lo == hi)
		snprintf(buf, len, "%.*f%%", decimals, lo);
	else
		snprintf(buf, len, "%.*f%%-%.*f%%", decimals, lo, decimals, hi);
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
