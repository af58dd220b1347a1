/* run.c — the steps of a run (see run.h). The privileged steps come first, while the
 * process still has what root has: entering --netns (CAP_SYS_ADMIN) and reading other
 * users' /proc/PID/fd for the owners (CAP_SYS_PTRACE, CAP_DAC_READ_SEARCH). Then the
 * common start and lockdown: the INET_DIAG socket is opened, every capability dropped
 * and the sandbox entered before the first reply of the kernel is parsed. */
#include "run.h"

#include <errno.h>
#include <string.h>

#include "netdx/cli.h"
#include "netdx/netns.h"
#include "netdx/out.h"
#include "netdx/tool.h"

/* on_sock
 * Each socket of the dump: filtered, then printed (--list) or counted. */
static void on_sock(const struct tcp_diag_sock *s, void *arg)
{
	struct ts_run *r = arg;
	const struct sock_owner *owner = sock_owners_find(r->owners, s->inode);
	if (!ts_filter_pass(r->o, owner))
		return;
	if (r->o->list)
		ts_list_row(stdout, s, owner, r->o->extend);
	else if (!ts_census_add(&r->census, s, owner))
		r->nomem = true;
}

/* enter_netns
 * --netns NAME: move into it, or one line and exit 2. */
static void enter_netns(const char *name)
{
	const char *why;
	char what[300];
	if (!name)
		return;
	snprintf(what, sizeof(what), "--netns %s", name);
	if (netns_enter(name, &why) != NETDX_OK)
		cli_die(what, "%s", why);
}

/* owners_wanted
 * Will anything show or filter by process? The walk is most of a census's time. */
static bool owners_wanted(const struct ts_opts *o)
{
	if (o->proc || o->pid >= 0)
		return true;
	if (o->no_owners || (o->list && !o->extend))
		return false;
	return (o->states & ~TS_STATES_WITHOUT_FD) != 0;
}

/* scan_owners
 * The processes of the sockets, when they are wanted. */
static struct sock_owners *scan_owners(const struct ts_opts *o)
{
	if (!owners_wanted(o))
		return NULL;
	struct sock_owners *owners = sock_owners_scan();
	if (!owners)
		cli_die("process table", "%s", strerror(ENOMEM));
	return owners;
}

void ts_run_open(struct ts_run *r, const struct ts_opts *o)
{
	*r = (struct ts_run){.o = o};
	enter_netns(o->netns);
	r->owners = scan_owners(o);
	ts_kernel_read(&r->kernel);
	tool_start_or_die();
	const char *why;
	if (tcp_diag_open(&r->diag, &why) != NETDX_OK)
		cli_die("INET_DIAG socket", "%s", why);
	tool_lockdown_or_die(0);
}

void ts_run_pass(struct ts_run *r)
{
	const struct ts_opts *o = r->o;
	ts_census_free(&r->census);
	if (!o->list && !ts_census_init(&r->census))
		cli_die("census", "%s", strerror(ENOMEM));
	r->census.idle_min_ms = (uint32_t)(o->th.idle_min_s * 1000);
	if (o->list)
		ts_list_header(stdout, o->extend);
	struct tcp_diag_query q = {
		.family = o->family,
		.states = o->states,
		.filter = &o->filter,
		.idle = !o->list && (o->states & (1u << TCP_DIAG_ESTABLISHED)),
	};
	const char *why;
	if (tcp_diag_dump(r->diag, &q, on_sock, r, &why) != NETDX_OK)
		cli_die("INET_DIAG", "%s", why);
	if (r->nomem)
		cli_die("census", "%s", strerror(ENOMEM));
	ts_kernel_counters(&r->kernel);
}

void ts_run_report(const struct ts_run *r, const struct ts_delta *delta)
{
	struct ts_findings findings;
	ts_findings_build(&r->census, &r->kernel, &r->o->th, &findings);
	if (delta && delta->close_wait_rising >= 2)
		ts_findings_note_rising(&findings, delta->close_wait_rising);
	if (delta && (delta->overflows > 0 || delta->drops > 0))
		ts_findings_note_overflows(&findings, delta->overflows, delta->drops);
	struct ts_report rep = {
		.census = &r->census,
		.kernel = &r->kernel,
		.findings = &findings,
		.owners_hidden = sock_owners_hidden(r->owners),
		.owners_looked_up = r->owners != NULL,
		.netns = r->o->netns,
		.top = (size_t)r->o->top,
		.states = r->o->states,
		.delta = delta,
	};
	if (r->o->json) {
		if (!out_json_emit(stdout, ts_json_report(&rep), !delta))
			cli_die("stdout", "%s", strerror(errno));
	} else if (r->o->openmetrics || r->o->prometheus) {
		ts_metrics_print(stdout, &rep, r->o->openmetrics);
	} else {
		ts_text_print(stdout, &rep);
	}
}

void ts_run_close(struct ts_run *r)
{
	tcp_diag_close(r->diag);
	ts_census_free(&r->census);
	ts_kernel_close(&r->kernel);
	sock_owners_free(r->owners);
}
