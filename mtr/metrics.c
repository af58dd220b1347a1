/* metrics.c — mtr's per-hop series (--openmetrics, --prometheus): the rows of the
 * report, through common/path/hops_metrics.c, and the path-change counter. */
#include <errno.h>
#include <string.h>

#include "netdx/cli.h"
#include "netdx/hops_metrics.h"
#include "netdx/metrics_http.h"
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
		.asn = ctl->asn,
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
	mtr_changes_metrics(arg, m);
	return true;
}

void mtr_report_metrics(const struct mtr_ctl *ctl, FILE *out)
{
	/* the hop series and the path-change counter: mtr_metrics, whole */
	struct metrics m;
	metrics_init(&m, mtr_metrics_dialect(ctl));
	metrics_http_build_all(mtr_metrics, (void *)ctl, &m);
	bool ok = metrics_end(&m);
	if (!ok)
		errno = ENOMEM;
	else
		ok = fwrite(m.text, 1, m.len, out) == m.len;
	metrics_free(&m);
	if (!ok)
		cli_die("output", "%s", strerror(errno));
}
