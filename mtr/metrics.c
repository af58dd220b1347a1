/* metrics.c — mtr's per-hop series (--openmetrics, --prometheus): the rows of the
 * report, through common/path/hops_metrics.c. */
#include <errno.h>
#include <string.h>

#include "netdx/cli.h"
#include "netdx/hops_metrics.h"
#include "mtr.h"

/* mtr_metrics_src
 * The report's rows; probes the open rounds still wait for are left out. */
static void mtr_metrics_src(const struct mtr_ctl *ctl, struct hops_metrics_src *src)
{
	*src = (struct hops_metrics_src){
		.hops = &ctl->hops,
		.target = ctl->target,
		.last = hops_last_ttl(&ctl->hops),
		.rounds = ctl->rounds,
		.asn = ctl->ipinfo >= 0 ? ctl->asn : NULL,
	};
}

/* mtr_metrics_dialect
 * --prometheus's text format 0.0.4, else OpenMetrics. */
static enum metrics_dialect mtr_metrics_dialect(const struct mtr_ctl *ctl)
{
	return ctl->mode == MTR_PROMETHEUS ? METRICS_PROMETHEUS : METRICS_OPENMETRICS;
}

bool mtr_metrics(void *arg, struct metrics *m, struct metrics_cursor *c)
{
	(void)c; /* at most 64 hops: one part */
	struct hops_metrics_src src;
	mtr_metrics_src(arg, &src);
	hops_metrics_write(m, &src);
	return true;
}

void mtr_report_metrics(const struct mtr_ctl *ctl, FILE *out)
{
	struct hops_metrics_src src;
	mtr_metrics_src(ctl, &src);
	if (!hops_metrics_print(out, mtr_metrics_dialect(ctl), &src))
		cli_die("output", "%s", strerror(errno));
}
