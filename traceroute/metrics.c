/* metrics.c — --openmetrics and --prometheus: the per-hop series (netdx/hops_metrics.h)
 * of the rows the text would have shown, one exposition at the end of the run. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "netdx/cli.h"
#include "netdx/hops_metrics.h"
#include "tr.h"

static void out_header(struct tr_run *r)
{
	(void)r;
}

static void out_probe(struct tr_run *r, const struct tr_probe *p, unsigned i)
{
	(void)r;
	(void)p;
	(void)i;
}

static void out_hop_end(struct tr_run *r, int ttl)
{
	(void)r;
	(void)ttl;
}

/* metrics_end
 * The rows printed (every TTL up to the destination's, or the ones a signal left),
 * written whole. */
static void out_end(struct tr_run *r)
{
	struct hops_metrics_src src = {
		.hops = &r->hops,
		.target = r->conf->host,
		.last = r->next_print ? r->probes[r->next_print - 1].ttl : r->hops.first_ttl - 1,
		.asn = r->asn,
	};
	if (!hops_metrics_print(r->f, r->conf->dialect, &src))
		cli_die(NULL, "%s", strerror(errno));
}

const struct tr_output_ops tr_metrics_ops = {
	.header = out_header,
	.probe = out_probe,
	.hop_end = out_hop_end,
	.end = out_end,
};
