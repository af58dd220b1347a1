/* stream.c — mtr's streaming outputs: --raw (one line per probe, answer, new host) and
 * --split (a hop's line whenever it changes), as mtr 0.95 writes them. */
#include <string.h>

#include "mtr.h"

/* raw_seq
 * The probe number a --raw line carries: unique per probe of the run. */
static unsigned long raw_seq(const struct rounds_info *info)
{
	return (unsigned long)(info->round * (HOPS_MAX_TTL + 1) + (uint64_t)info->ttl);
}

/* raw_event
 * x HOST SEQ (sent), h HOST ADDR (a new responder, then its MPLS labels with -e),
 * p HOST USEC SEQ (an answer). HOST is the hop number minus one, as mtr writes it. */
static void raw_event(const struct mtr_ctl *ctl, enum rounds_event ev,
		      const struct rounds_info *info, FILE *out)
{
	char text[ADDR_STRLEN];
	/* Probes past the destination (the first round sends every TTL at once) are not
	 * hops of the path: mtr never shows them. */
	if ((ev == ROUNDS_SENT || ev == ROUNDS_ANSWER) && ctl->hops.dest_ttl &&
	    info->ttl > ctl->hops.dest_ttl)
		return;
	if (ev == ROUNDS_SENT) {
		fprintf(out, "x %d %lu\n", info->ttl - 1, raw_seq(info));
	} else if (ev == ROUNDS_ANSWER) {
		if (info->new_responder) {
			fprintf(out, "h %d %s\n", info->ttl - 1,
				addr_to_str(info->from, text, sizeof(text)));
			const struct hop *hp = hops_at(&ctl->hops, info->ttl);
			const struct hop_responder *r = &hp->responders[hp->n_responders - 1];
			for (size_t k = 0; ctl->mpls && k < r->n_mpls; k++)
				fprintf(out, "m %d %u %u %u %u\n", info->ttl - 1, r->mpls[k].label,
					r->mpls[k].tc, r->mpls[k].s, r->mpls[k].ttl);
		}
		fprintf(out, "p %d %ld %lu\n", info->ttl - 1, (long)(info->rtt_ms * 1000 + 0.5),
			raw_seq(info));
	} else {
		return;
	}
	fflush(out);
}

/* split_refresh
 * Print every hop line that changed since it was last printed: "N name loss rcv snt
 * best avg worst" (loss in thousandths of a percent, times in whole ms), or "N ???"
 * for a hop nobody answered at: only once a round has closed (settled), so a hop whose
 * answer is on its way is not announced as dark. */
static void split_refresh(struct mtr_ctl *ctl, FILE *out, bool settled)
{
	int last = hops_last_ttl(&ctl->hops);
	for (int i = ctl->split_count; i > last; i--)
		fprintf(out, "-%d\n", i);
	if (ctl->split_count > last)
		ctl->split_count = last;
	for (int ttl = ctl->hops.first_ttl; ttl <= last; ttl++) {
		const struct hop *hp = hops_at(&ctl->hops, ttl);
		char line[sizeof(ctl->split_lines[0])], name[ADDR_STRLEN];
		if (hp->n_responders == 0) {
			if (!settled)
				continue;
			snprintf(line, sizeof(line), "???");
		} else {
			const struct stats *s = &hp->stats;
			snprintf(line, sizeof(line), "%s %d %llu %llu %d %d %d",
				 mtr_host_text(ctl, hp, 0, name, sizeof(name)),
				 (int)(stats_loss_pct(s) * 1000), (unsigned long long)s->received,
				 (unsigned long long)s->sent, (int)s->min_ms, (int)stats_mean_ms(s),
				 (int)s->max_ms);
		}
		if (strcmp(line, ctl->split_lines[ttl]) != 0) {
			fprintf(out, "%d %s\n", ttl, line);
			memcpy(ctl->split_lines[ttl], line, sizeof(line));
			if (ctl->split_count < ttl)
				ctl->split_count = ttl;
		}
	}
	fflush(out);
}

void mtr_stream_event(struct mtr_ctl *ctl, enum rounds_event ev, const struct rounds_info *info,
		      FILE *out)
{
	if (ctl->mode == MTR_RAW)
		raw_event(ctl, ev, info, out);
	else if (ctl->mode == MTR_SPLIT && (ev == ROUNDS_ANSWER || ev == ROUNDS_ROUND_DONE))
		split_refresh(ctl, out, ev == ROUNDS_ROUND_DONE);
}
