/* tcpstate — a census of the kernel's TCP sockets by state, with their ports, peers and
 * processes, every listener's accept queue, and findings that say what the counts mean;
 * netstat -nat's lines with --list, live with --watch, the states in words with
 * --explain and --errno. This file holds the order of things (the steps: run.c). */
#include <errno.h>
#include <string.h>

#include "netdx/cli.h"
#include "netdx/tool.h"
#include "findings.h"
#include "run.h"
#include "tcpstate.h"

/* teach
 * --explain and --errno: words only, no socket, the sandbox as for any run. */
static int teach(const struct ts_opts *o)
{
	tool_start_or_die();
	tool_lockdown_or_die(0);
	if (o->explain)
		ts_explain_print(stdout, o->explain_state);
	else
		ts_errno_print(stdout, o->errno_which);
	return CLI_EXIT_OK;
}

/* print_metrics
 * --openmetrics, --prometheus: the census's findings and the exposition. */
static void print_metrics(const struct ts_run *r)
{
	struct ts_findings findings;
	ts_findings_build(&r->census, &r->kernel, &r->o->th, &findings);
	struct ts_report rep = {
		.census = &r->census,
		.kernel = &r->kernel,
		.findings = &findings,
		.owners_hidden = sock_owners_hidden(r->owners),
	};
	ts_metrics_print(stdout, &rep, r->o->openmetrics);
}

/* main
 * Options, then the teaching mode, or a run: one census, one list, or --watch. */
int main(int argc, char **argv)
{
	struct ts_opts o;
	ts_opts_parse(argc, argv, &o);
	int rc = CLI_EXIT_OK;
	if (o.explain || o.errno_which >= 0) {
		rc = teach(&o);
	} else {
		struct ts_run r;
		ts_run_open(&r, &o);
		if (o.watch_s > 0) {
			ts_watch(&r);
		} else {
			ts_run_pass(&r);
			if (o.openmetrics || o.prometheus)
				print_metrics(&r);
			else if (!o.list)
				ts_run_report(&r, NULL);
		}
		ts_run_close(&r);
	}
	if (fflush(stdout) != 0 || ferror(stdout))
		cli_die("stdout", "%s", strerror(errno));
	return rc;
}
