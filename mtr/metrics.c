/* metrics.c — mtr's per-hop series (--openmetrics, --prometheus, --serve, --textfile):
 * the rows of every host's report, through common/path/hops_metrics.c. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "netdx/cli.h"
#include "netdx/hops_metrics.h"
#include "mtr.h"

/* mtr_metrics_srcs
 * Every host's report rows (probes the open rounds still wait for left out), into an
 * array of run->n; NULL when memory ran out. */
static struct hops_metrics_src *mtr_metrics_srcs(const struct mtr_run *run)
{
	struct hops_metrics_src *src = calloc(run->n, sizeof(*src));
	for (size_t i = 0; src && i < run->n; i++) {
		const struct mtr_ctl *ctl = &run->hosts[i];
		src[i] = (struct hops_metrics_src){
			.hops = &ctl->hops,
			.target = ctl->target,
			.last = hops_last_ttl(&ctl->hops),
			.rounds = ctl->rounds,
			.asn = ctl->asn,
		};
	}
	return src;
}

bool mtr_metrics(void *arg, struct metrics *m, struct metrics_cursor *c)
{
	(void)c; /* at most 64 hops a host: one part */
	const struct mtr_run *run = arg;
	struct hops_metrics_src *src = mtr_metrics_srcs(run);
	if (!src)
		m->nomem = true;
	else
		hops_metrics_write_all(m, src, run->n);
	free(src);
	return true;
}

void mtr_report_metrics(const struct mtr_run *run, FILE *out)
{
	/* --prometheus's text format 0.0.4, else OpenMetrics */
	enum metrics_dialect d =
		run->hosts[0].mode == MTR_PROMETHEUS ? METRICS_PROMETHEUS : METRICS_OPENMETRICS;
	struct hops_metrics_src *src = mtr_metrics_srcs(run);
	bool ok = src && hops_metrics_print_all(out, d, src, run->n);
	int saved = src ? errno : ENOMEM;
	free(src);
	if (!ok)
		cli_die("output", "%s", strerror(saved));
}
