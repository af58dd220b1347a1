/* hops_metrics.c — the per-hop series of the path tools (see netdx/hops_metrics.h). */
#include "netdx/hops_metrics.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

/* The figures of one row, in the families' order (see families[]). */
enum figure {
	FIG_SENT,
	FIG_LOST,
	FIG_LOSS,
	FIG_LAST,
	FIG_AVG,
	FIG_BEST,
	FIG_WORST,
	FIG_STDEV,
	FIG_LIMITED,
	FIG_LINK_LOST,
	FIG_LINK_LOSS,
	FIG_NODE_LOST,
	FIG_NODE_LOSS,
	FIG_COUNT
};

/* One row of the table as the families read it. */
struct row {
	double fig[FIG_COUNT];
	bool answered;         /* somebody answered: RTTs and an ip label */
	char ttl[4];           /* the ttl label */
	char ip[ADDR_STRLEN];  /* the ip label (the first responder) */
	const struct hop *hop; /* its responders */
};

/* Which rows a family has a sample for. */
enum rows_with {
	ALL_ROWS,
	ANSWERED_ROWS,
	SPLIT_ROWS
};

/* One family of per-hop samples. */
struct family {
	const char *name;
	enum metrics_type type;
	const char *unit;
	enum figure fig;
	enum rows_with rows;
	const char *help;
};

/* clang-format off */
static const struct family families[] = {
	{"netdx_hop_sent", METRICS_COUNTER, NULL, FIG_SENT, ALL_ROWS,
	 "Probes sent with this TTL, answered or given up"},
	{"netdx_hop_lost", METRICS_COUNTER, NULL, FIG_LOST, ALL_ROWS,
	 "Probes sent with this TTL that got no answer"},
	{"netdx_hop_loss_ratio", METRICS_GAUGE, "ratio", FIG_LOSS, ALL_ROWS,
	 "Lost over sent at this hop"},
	{"netdx_hop_rtt_last_seconds", METRICS_GAUGE, "seconds", FIG_LAST, ANSWERED_ROWS,
	 "Round-trip time of the hop's latest answer"},
	{"netdx_hop_rtt_avg_seconds", METRICS_GAUGE, "seconds", FIG_AVG, ANSWERED_ROWS,
	 "Mean round-trip time of the hop's answers"},
	{"netdx_hop_rtt_best_seconds", METRICS_GAUGE, "seconds", FIG_BEST, ANSWERED_ROWS,
	 "Shortest round-trip time of the hop's answers"},
	{"netdx_hop_rtt_worst_seconds", METRICS_GAUGE, "seconds", FIG_WORST, ANSWERED_ROWS,
	 "Longest round-trip time of the hop's answers"},
	{"netdx_hop_rtt_stdev_seconds", METRICS_GAUGE, "seconds", FIG_STDEV, ANSWERED_ROWS,
	 "Sample standard deviation of the hop's round-trip times"},
	{"netdx_hop_icmp_ratelimited", METRICS_GAUGE, NULL, FIG_LIMITED, ALL_ROWS,
	 "1 when the router loses more of its own answers than a later hop, beyond chance: "
	 "it limits the ICMP it sends"},
	{"netdx_hop_link_lost", METRICS_GAUGE, NULL, FIG_LINK_LOST, SPLIT_ROWS,
	 "Probes lost on the link into this hop, loss that persists to the last hop"},
	{"netdx_hop_link_loss_ratio", METRICS_GAUGE, "ratio", FIG_LINK_LOSS, SPLIT_ROWS,
	 "Link loss over probes sent to this hop"},
	{"netdx_hop_node_lost", METRICS_GAUGE, NULL, FIG_NODE_LOST, SPLIT_ROWS,
	 "Probes only this router lost: its own answers, not forwarded traffic"},
	{"netdx_hop_node_loss_ratio", METRICS_GAUGE, "ratio", FIG_NODE_LOSS, SPLIT_ROWS,
	 "Node loss over probes sent to this hop"},
};
/* clang-format on */

/* ratio
 * part / whole, 0 for nothing. */
static double ratio(uint64_t part, uint64_t whole)
{
	return whole ? (double)part / (double)whole : 0;
}

/* fill_loss
 * Sent, lost and the loss ratio of a row, the probes still awaited left out. */
static void fill_loss(const struct hops_metrics_src *src, int ttl, struct row *w)
{
	struct hop_loss here;
	hops_loss(src->hops, ttl, &here);
	uint64_t awaiting = src->rounds ? rounds_awaiting(src->rounds, ttl) : 0;
	uint64_t sent = here.sent > awaiting ? here.sent - awaiting : 0;
	uint64_t lost = here.lost > awaiting ? here.lost - awaiting : 0;
	w->fig[FIG_SENT] = (double)sent;
	w->fig[FIG_LOST] = (double)lost;
	w->fig[FIG_LOSS] = ratio(lost, sent);
	if (src->split) {
		struct hop_loss link, node;
		hops_split_loss(src->hops, src->last, ttl, &link, &node);
		w->fig[FIG_LINK_LOST] = (double)link.lost;
		w->fig[FIG_LINK_LOSS] = ratio(link.lost, link.sent);
		w->fig[FIG_NODE_LOST] = (double)node.lost;
		w->fig[FIG_NODE_LOSS] = ratio(node.lost, node.sent);
	}
}

/* fill_row
 * One row's figures and labels. */
static void fill_row(const struct hops_metrics_src *src, int ttl, struct row *w)
{
	const struct hop *hp = hops_at(src->hops, ttl);
	const struct stats *s = &hp->stats;
	w->hop = hp;
	snprintf(w->ttl, sizeof(w->ttl), "%d", ttl);
	fill_loss(src, ttl, w);
	w->answered = hp->n_responders > 0 && s->n > 0;
	if (hp->n_responders)
		addr_to_str(&hp->responders[0].addr, w->ip, sizeof(w->ip));
	if (!w->answered)
		return;
	w->fig[FIG_LAST] = s->last_ms / 1000;
	w->fig[FIG_AVG] = stats_mean_ms(s) / 1000;
	w->fig[FIG_BEST] = s->min_ms / 1000;
	w->fig[FIG_WORST] = s->max_ms / 1000;
	w->fig[FIG_STDEV] = stats_stddev_sample_ms(s) / 1000;
}

/* mark_limited
 * The routers the findings say limit their own ICMP. */
static void mark_limited(const struct hops_metrics_src *src, struct row *rows)
{
	struct hops_finding f[HOPS_MAX_FINDINGS];
	size_t n = hops_findings(src->hops, src->last, f, HOPS_MAX_FINDINGS);
	for (int ttl = src->hops->first_ttl; ttl <= src->last; ttl++)
		if (hops_found_at(f, n, HOPS_NODE_ONLY, ttl))
			rows[ttl - src->hops->first_ttl].fig[FIG_LIMITED] = 1;
}

/* The rows of one source. */
struct rowset {
	const struct hops_metrics_src *src; /* whose rows */
	struct row *rows;                   /* first_ttl..last */
	size_t n;                           /* of them */
};

/* write_family
 * One family's samples, a source and a row at a time. */
static void write_family(struct metrics *m, const struct family *fam, const struct rowset *sets,
			 size_t nsets)
{
	if (fam->rows == SPLIT_ROWS && !sets[0].src->split)
		return;
	metrics_family(m, fam->name, fam->type, fam->unit, fam->help);
	for (size_t s = 0; s < nsets; s++)
		for (size_t i = 0; i < sets[s].n; i++) {
			const struct row *w = &sets[s].rows[i];
			if (fam->rows == ANSWERED_ROWS && !w->answered)
				continue;
			struct metrics_label l[] = {{"target", sets[s].src->target},
						    {"ttl", w->ttl},
						    {"ip", w->ip[0] ? w->ip : NULL}};
			metrics_sample(m, l, 3, w->fig[fam->fig]);
		}
}

/* write_responders
 * Answers per address, one series for each address that answered at a hop. */
static void write_responders(struct metrics *m, const struct rowset *sets, size_t nsets)
{
	char ip[ADDR_STRLEN];
	metrics_family(m, "netdx_hop_responder_replies", METRICS_COUNTER, NULL,
		       "Answers from this address at this hop");
	for (size_t s = 0; s < nsets; s++)
		for (size_t i = 0; i < sets[s].n; i++) {
			const struct row *w = &sets[s].rows[i];
			for (size_t k = 0; k < w->hop->n_responders; k++) {
				const struct hop_responder *r = &w->hop->responders[k];
				struct metrics_label l[] = {
					{"target", sets[s].src->target},
					{"ttl", w->ttl},
					{"ip", addr_to_str(&r->addr, ip, sizeof(ip))}};
				metrics_sample(m, l, 3, (double)r->received);
			}
		}
}

/* write_asn_rows
 * The AS of each address that answered at the hops of one source, once known. */
static void write_asn_rows(struct metrics *m, const struct rowset *set)
{
	char ip[ADDR_STRLEN];
	for (size_t i = 0; i < set->n; i++)
		for (size_t k = 0; k < set->rows[i].hop->n_responders; k++) {
			const struct netdx_addr *a = &set->rows[i].hop->responders[k].addr;
			const struct asn_info *info = asn_get(set->src->asn, a);
			if (!info)
				continue;
			struct metrics_label l[] = {{"target", set->src->target},
						    {"ttl", set->rows[i].ttl},
						    {"ip", addr_to_str(a, ip, sizeof(ip))},
						    {"prefix", info->origin.prefix_text}};
			metrics_sample(m, l, 4, (double)info->origin.asn);
		}
}

/* write_asn
 * With AS lookups (the sources share them or none has them): the AS family. */
static void write_asn(struct metrics *m, const struct rowset *sets, size_t nsets)
{
	if (!sets[0].src->asn)
		return;
	metrics_family(m, "netdx_hop_responder_asn", METRICS_GAUGE, NULL,
		       "The AS announcing this address (Team Cymru's DNS interface)");
	for (size_t s = 0; s < nsets; s++)
		write_asn_rows(m, &sets[s]);
}

/* write_target
 * The per-target families. */
static void write_target(struct metrics *m, const struct rowset *sets, size_t nsets)
{
	metrics_family(m, "netdx_path_reached", METRICS_GAUGE, NULL,
		       "1 when the destination answered");
	for (size_t s = 0; s < nsets; s++) {
		struct metrics_label l[] = {{"target", sets[s].src->target}};
		metrics_sample(m, l, 1, sets[s].src->hops->dest_ttl != 0);
	}
	metrics_family(m, "netdx_path_hops", METRICS_GAUGE, NULL,
		       "The destination's TTL: hops to it, itself included");
	for (size_t s = 0; s < nsets; s++) {
		struct metrics_label l[] = {{"target", sets[s].src->target}};
		if (sets[s].src->hops->dest_ttl)
			metrics_sample(m, l, 1, sets[s].src->hops->dest_ttl);
	}
}

/* fill_rowset
 * The rows of one source; false when memory ran out. */
static bool fill_rowset(const struct hops_metrics_src *src, struct rowset *set)
{
	int first = src->hops->first_ttl;
	set->src = src;
	set->n = src->last >= first ? (size_t)(src->last - first + 1) : 0;
	set->rows = calloc(set->n ? set->n : 1, sizeof(*set->rows));
	if (!set->rows)
		return false;
	for (size_t i = 0; i < set->n; i++)
		fill_row(src, first + (int)i, &set->rows[i]);
	mark_limited(src, set->rows);
	return true;
}

bool hops_metrics_write_all(struct metrics *m, const struct hops_metrics_src *srcs, size_t n)
{
	struct rowset *sets = calloc(n ? n : 1, sizeof(*sets));
	bool ok = sets != NULL;
	for (size_t s = 0; ok && s < n; s++)
		ok = fill_rowset(&srcs[s], &sets[s]);
	if (ok && n) {
		for (size_t f = 0; f < sizeof(families) / sizeof(families[0]); f++)
			write_family(m, &families[f], sets, n);
		write_responders(m, sets, n);
		write_asn(m, sets, n);
		write_target(m, sets, n);
	}
	for (size_t s = 0; sets && s < n; s++)
		free(sets[s].rows);
	free(sets);
	if (!ok)
		m->nomem = true;
	return !m->nomem;
}

bool hops_metrics_write(struct metrics *m, const struct hops_metrics_src *src)
{
	return hops_metrics_write_all(m, src, 1);
}

bool hops_metrics_print(FILE *out, enum metrics_dialect d, const struct hops_metrics_src *src)
{
	struct metrics m;
	metrics_init(&m, d);
	bool ok = hops_metrics_write(&m, src) && metrics_end(&m);
	if (!ok)
		errno = ENOMEM;
	else
		ok = fwrite(m.text, 1, m.len, out) == m.len;
	metrics_free(&m);
	return ok;
}
