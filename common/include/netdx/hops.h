/* hops — per-hop aggregates shared by traceroute, mtr and pathping.
 *
 * Every answer to a probe sent with TTL k is folded into hop k: who answered (several
 * responders per hop when ECMP spreads the probes), RTT statistics for the hop and
 * each responder (stats.h), the last ICMP type/code and MPLS labels, whether the
 * destination itself answered, and how often the hop's responder changed between
 * rounds. On top of the counts, loss is split the way pathping does: loss that
 * persists to every later hop is attributed to the link into the first hop showing it;
 * loss a router shows that later hops do not is the router's own (it drops or rate
 * limits the ICMP it generates, but forwards traffic). The findings built on that split
 * (where path loss starts, which router limits its ICMP, a destination that never
 * answered, loss too small for the sample to tell) quote the split's own figures, so a
 * verdict never contradicts its table. Constant memory per hop. */
#ifndef NETDX_HOPS_H
#define NETDX_HOPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "netdx/addr.h"
#include "netdx/icmp.h"
#include "netdx/quote_check.h"
#include "netdx/stats.h"

#define HOPS_MAX_TTL 255
#define HOPS_MAX_RESPONDERS 8 /* per hop; more are counted in other_responders */

/* One address that answered at a hop. */
struct hop_responder {
	struct netdx_addr addr;   /* who */
	uint64_t received;        /* answers from it */
	double last_ms;           /* RTT of its latest answer */
	double best_ms, worst_ms; /* extremes of its RTTs */
	double sum_ms;            /* for its mean */
	uint8_t icmp_type;        /* its latest answer's type and code */
	uint8_t icmp_code;
	size_t n_mpls; /* its latest MPLS label stack */
	struct icmp_mpls mpls[ICMP_MAX_MPLS];
};

/* One TTL (2.7 KB). A hop is set up on first use (hops_at) by writing a few bytes, so
 * the pages of hops nobody probes are never touched. */
struct hop {
	bool ready;                 /* set up (hops_at() does it on first use) */
	int last_responder;         /* index of the latest answer's responder, -1 none */
	size_t n_responders;        /* entries used in responders[] */
	uint64_t other_responders;  /* answers from addresses beyond the table */
	uint64_t responder_changes; /* answers whose responder differed from the one before */
	bool destination;           /* the destination itself answered at this TTL */
	struct quote_seen quote;    /* what its answers' quotes showed (quote_check.h) */
	struct hop_responder responders[HOPS_MAX_RESPONDERS];
	struct stats stats; /* probes sent with this TTL, answers, their RTTs */
};

/* The path: hops first_ttl..max_ttl. */
struct hops {
	int first_ttl;    /* lowest TTL probed */
	int max_ttl;      /* highest TTL probed */
	int dest_ttl;     /* lowest TTL the destination answered at, 0 not yet */
	int top_sent_ttl; /* highest TTL a probe was sent with, 0 none yet */
	struct hop *hop;  /* hop[ttl - first_ttl] */
};

/* A loss figure with its 95% interval. */
struct hop_loss {
	uint64_t sent;         /* probes the figure is about */
	uint64_t lost;         /* of them lost */
	double pct;            /* lost / sent * 100 (0 when nothing was sent) */
	double lo_pct, hi_pct; /* 95% interval of pct (Wilson's score interval, unless
				    * said otherwise) */
};

/* Allocate hops for TTLs first..max (1 <= first <= max <= 255). False on ENOMEM. */
bool hops_init(struct hops *h, int first_ttl, int max_ttl);
void hops_free(struct hops *h);

/* Forget every figure (mtr's `r` key), keeping the TTL range. */
void hops_reset(struct hops *h);

/* The hop of a TTL, NULL outside the range. */
struct hop *hops_at(const struct hops *h, int ttl);

/* A probe went out with this TTL. */
void hops_sent(struct hops *h, int ttl);

/* An answer to a probe with this TTL: from whom, after how long, what it said (msg
 * may be NULL), whether it is the destination's own answer, whether it is a
 * duplicate (counted in RTT statistics only as stats.h does). */
void hops_answer(struct hops *h, int ttl, uint64_t probe_seq, const struct netdx_addr *from,
		 double rtt_ms, const struct icmp_msg *msg, bool destination, bool duplicate);

/* The last TTL worth showing, by mtr 0.95's rule: the destination's TTL once it has
 * answered; else one past the highest TTL that answered (the first hop of the dark
 * stretch, shown as "???" with its 100% loss, never beyond max_ttl); else first_ttl
 * (mtr 0.95 shows no hop at all then: we show the first one, unanswered). */
int hops_last_ttl(const struct hops *h);

/* The highest TTL up to last that answered, first_ttl - 1 when none did. */
int hops_last_answered(const struct hops *h, int last);

/* Loss of probes sent to this hop ("Source to Here"). */
void hops_loss(const struct hops *h, int ttl, struct hop_loss *out);

/* pathping's split of a hop's loss, over the rows first_ttl..last of a table, in
 * whole probes of this hop: *link is the loss that starts on the link into this hop
 * and persists to the last row (the least loss of this row and every later one, less
 * the same for the row before); *node is the loss this router alone shows (its own
 * loss above that least: it drops or rate limits its own ICMP). */
void hops_split_loss(const struct hops *h, int last, int ttl, struct hop_loss *link,
		     struct hop_loss *node);

/* What the rows first_ttl..last show, beyond chance (two-proportion z-test, z > HOPS_Z)
 * and in the figures hops_split_loss() puts in the table. */
#define HOPS_Z 3.0 /* about 99.7%: many hops are compared, false alarms must be rare */

enum hops_finding_kind {
	HOPS_UNREACHED,   /* the destination never answered: rows first..last answered
			   * nothing (first > last: the rows end before any dark hop);
			   * ref is the last hop that answered, 0 if none did */
	HOPS_LOSS_STARTS, /* loss that persists to the last hop that answered starts on
			   * the link into hop first (first == last) or, no single link
			   * standing out, on the links into first..last; loss: their link
			   * figures summed; ref: the hop it is compared with (0: the source,
			   * taken as a loss-free sample of the same size) */
	HOPS_NODE_ONLY,   /* router first (== last) loses more of the probes addressed to
			   * it than hop ref after it does, whose probes it forwards: it limits
			   * its own ICMP; loss: its node figure */
	HOPS_UNDECIDED,   /* no loss stands out, yet loss persists from hop first to hop
			   * last, the last that answered: loss.sent probes a hop cannot tell
			   * it from none (loss: the least of it, what persists from first
			   * on); need probes a hop would */
};

/* One finding. The interval of a LOSS_STARTS or NODE_ONLY figure is Newcombe's 95%
 * interval for the difference of the two hops' loss (it always holds the figure). */
struct hops_finding {
	enum hops_finding_kind kind;
	int first, last;      /* the hops it is about */
	int ref;              /* the hop compared with, 0 for none */
	struct hop_loss loss; /* the figure (see the kinds) */
	uint64_t need;        /* HOPS_UNDECIDED: probes a hop that would tell a loss
				    * this large from none four times in five */
};

#define HOPS_MAX_FINDINGS (2 * HOPS_MAX_TTL + 2)

/* The findings about rows first_ttl..last, in this order: HOPS_UNREACHED when the
 * destination never answered; per hop, HOPS_NODE_ONLY then HOPS_LOSS_STARTS; last
 * HOPS_UNDECIDED. At most max are written; returns how many there are. */
size_t hops_findings(const struct hops *h, int last, struct hops_finding *out, size_t max);

/* Is ttl among the hops of one of the n findings f of this kind? n may be what
 * hops_findings() returned; at most HOPS_MAX_FINDINGS are looked at. */
bool hops_found_at(const struct hops_finding *f, size_t n, enum hops_finding_kind kind, int ttl);

/* The hops a finding is about, as its note says them: "hop 3" or "hops 3-5". */
void hops_span_text(const struct hops_finding *f, char *buf, size_t len);

/* A loss range in percent with this many decimals: "20.0%", or "10.0%-20.0%" when lo
 * and hi differ. */
void hops_pct_range_text(double lo, double hi, int decimals, char *buf, size_t len);

/* Round n up to 1, 2 or 5 times a power of ten (a -q or -c worth typing). */
uint64_t hops_round_up_125(uint64_t n);

/* How long to wait for the answer to a probe with this TTL, from what the path has
 * answered so far: traceroute 2.x's -w MAX,HERE,NEAR, and a rule for TTLs beyond
 * every answer, so a silent hop costs what the RTTs around it justify:
 *   - this hop answered another probe: here × (its slowest RTT + 1 ms);
 *   - else a later hop answered: near × (the nearest such hop's slowest RTT + 1 ms);
 *   - else an earlier hop answered: near × (the farthest such hop's slowest RTT
 *     + 1 ms), but at least beyond_min_ns;
 *   - else max_ns.
 * Never more than max_ns; a factor of 0 turns its rule off. */
struct hops_wait {
	uint64_t max_ns;        /* -w MAX */
	double here;            /* -w ,HERE */
	double near;            /* -w ,,NEAR */
	uint64_t beyond_min_ns; /* the least wait past every answer */
};
uint64_t hops_wait_ns(const struct hops *h, int ttl, const struct hops_wait *w);

/* Wilson score interval (95%) for lost of sent, in percent. */
void hops_wilson(uint64_t lost, uint64_t sent, double *lo_pct, double *hi_pct);

#endif
