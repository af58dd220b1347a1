/* metrics.c — mtr's per-hop series (--openmetrics, --prometheus, --serve, --textfile):
 * the rows of every host's report, through common/path/hops_metrics.c, and the
 * path-change counter. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "netdx/cli.h"
#include "netdx/hops_metrics.h"
#include "netdx/metrics_http.h"
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
			.asn = ctl->ipinfo >= 0 ? ctl->asn : NULL,
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
	mtr_changes_metrics(run, m);
	return true;
}

void mtr_report_metrics(const struct mtr_run *run, FILE *out)
{
	/* the hop series and the path-change counter: mtr_metrics, whole */
	enum metrics_dialect d =
		run->hosts[0].mode == MTR_PROMETHEUS ? METRICS_PROMETHEUS : METRICS_OPENMETRICS;
	struct metrics m;
	metrics_init(&m, d);
	metrics_http_build_all(mtr_metrics, (void *)run, &m);
	bool ok = metrics_end(&m);
	if (!ok)
		errno = ENOMEM;
	else
		ok = fwrite(m.text, 1, m.len, out) == m.len;
	metrics_free(&m);
	if (!ok)
		cli_die("output", "%s", strerror(errno));
}
