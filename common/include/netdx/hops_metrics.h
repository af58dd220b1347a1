/* hops_metrics — the per-hop series of traceroute, mtr and pathping (--openmetrics,
 * --prometheus, mtr --serve and --textfile), written from the struct hops their tables
 * and JSON read, so the exposition and the JSON are the same numbers.
 *
 * Per hop, labels target (as given), ttl, and ip: the address the hop's line shows (the
 * first that answered there); a hop nobody answered has no ip label (an empty or "*"
 * value would be a fake address to join on):
 *   netdx_hop_sent_total          counter  probes sent with this TTL and decided (answered
 *                                          or given up: a probe still awaited is in neither
 *                                          sent nor lost, so both only ever grow)
 *   netdx_hop_lost_total          counter  of them unanswered
 *   netdx_hop_loss_ratio          gauge    lost / sent (0 before the first probe is decided)
 *   netdx_hop_rtt_{last,avg,best,worst,stdev}_seconds
 *                                 gauges   the hop's RTTs (stdev: the sample's, as mtr's
 *                                          StDev); only for a hop that answered
 *   netdx_hop_icmp_ratelimited    gauge    1: the router loses more of its own answers than
 *                                          a later hop does, beyond chance (it limits the
 *                                          ICMP it sends: hops.h's HOPS_NODE_ONLY), else 0
 *   netdx_hop_link_lost, netdx_hop_link_loss_ratio, netdx_hop_node_lost,
 *   netdx_hop_node_loss_ratio     gauges   pathping's split (with split): loss that starts on
 *                                          the link into the hop and persists, and the
 *                                          router's own (hops_split_loss); gauges because a
 *                                          later round can move loss between the two
 * Per address that answered at a hop (labels target, ttl, ip; several at an ECMP hop):
 *   netdx_hop_responder_replies_total  counter  answers from that address
 *   netdx_hop_responder_asn            gauge    with AS lookups (mtr -z / -y, traceroute
 *                                               -A): the AS announcing the address, label
 *                                               prefix too; only once it is known
 * Per target (label target):
 *   netdx_path_reached            gauge    1: the destination answered
 *   netdx_path_hops               gauge    the destination's TTL (only once it answered) */
#ifndef NETDX_HOPS_METRICS_H
#define NETDX_HOPS_METRICS_H

#include <stdbool.h>
#include <stdio.h>

#include "netdx/asn.h"
#include "netdx/hops.h"
#include "netdx/metrics.h"
#include "netdx/rounds.h"

/* What the exposition is about. */
struct hops_metrics_src {
	const struct hops *hops;     /* the figures */
	const char *target;          /* the "target" label: the target as given */
	int last;                    /* the rows first_ttl..last, as the table shows them */
	bool split;                  /* pathping's link and node loss too */
	const struct rounds *rounds; /* probes still awaited (rounds_awaiting), NULL: none */
	const struct asn *asn;       /* AS lookups, NULL: none */
};

/* Every family above for the rows of src, appended to m (the caller ends it). False when
 * memory ran out (m->nomem). */
bool hops_metrics_write(struct metrics *m, const struct hops_metrics_src *src);

/* One whole exposition of src in dialect d to out (the tools' --openmetrics and
 * --prometheus). False with errno set (ENOMEM, or the write's). */
bool hops_metrics_print(FILE *out, enum metrics_dialect d, const struct hops_metrics_src *src);

/* hops_metrics_write for n sources in one exposition (mtr's several hosts): each family once, its
 * samples source by source, in the order given (told apart by their target label). The
 * sources all have AS lookups or none has; split is srcs[0]'s. */
bool hops_metrics_write_all(struct metrics *m, const struct hops_metrics_src *srcs, size_t n);

#endif
