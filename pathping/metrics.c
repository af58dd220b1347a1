/* metrics.c — pathping --openmetrics / --prometheus: the table's rows as per-hop
 * series, its link and node columns included (common/path/hops_metrics.c). */
#include <errno.h>
#include <string.h>

#include "netdx/cli.h"
#include "netdx/hops_metrics.h"
#include "pathping.h"

void pathping_print_metrics(const struct pathping *pp, FILE *out)
{
	struct hops_metrics_src src = {
		.hops = &pp->stats,
		.target = pp->target,
		.last = pp->rows,
		.split = true,
	};
	if (!hops_metrics_print(out, pp->dialect, &src))
		cli_die("output", "%s", strerror(errno));
}
