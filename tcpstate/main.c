/* tcpstate — a census of the kernel's TCP sockets by state, with their ports, peers and
 * processes, every listener's accept queue, and findings that say what the counts mean.
 * This file holds the order of things. The privileged steps come first, while the
 * process still has what root has: entering --netns (CAP_SYS_ADMIN) and reading other
 * users' /proc/PID/fd for the owners (CAP_SYS_PTRACE, CAP_DAC_READ_SEARCH). Then the
 * common start and lockdown: the INET_DIAG socket is opened, every capability dropped
 * and the sandbox entered before the first reply of the kernel is parsed. */
#include <errno.h>
#include <string.h>

#include "netdx/cli.h"
#include "netdx/netns.h"
#include "netdx/out.h"
#include "netdx/tool.h"
#include "report.h"
#include "tcpstate.h"

/* One run: the options, the owners, and what the dump adds to. */
struct run {
	const struct ts_opts *o;     /* the command line */
	struct sock_owners *owners;  /* inode to process, NULL when not needed */
	struct ts_census census;     /* the counts (not with --list) */
	bool nomem;                  /* the census ran out of memory */
};

/* on_sock
 * Each socket of the dump: filtered, then printed (--list) or counted. */
static void on_sock(const struct tcp_diag_sock *s, void *arg)
{
	struct run *r = arg;
	const struct sock_owner *owner = sock_owners_find(r->owners, s->inode);
	if (!ts_filter_pass(r->o, s, owner))
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

/* scan_owners
 * The processes of the sockets, when anything will show or filter by them. */
static struct sock_owners *scan_owners(const struct ts_opts *o)
{
	if (o->list && !o->extend && !o->proc)
		return NULL;
	struct sock_owners *owners = sock_owners_scan();
	if (!owners)
		cli_die("process table", "%s", strerror(ENOMEM));
	return owners;
}

/* dump
 * Both families (or the one of -4 / -6), the kernel filtering by state. */
static void dump(struct run *r, struct tcp_diag *d)
{
	const char *why;
	bool idle = !r->o->list && (r->o->states & (1u << TCP_DIAG_ESTABLISHED));
	if (tcp_diag_dump(d, r->o->family, r->o->states, idle, on_sock, r, &why) != NETDX_OK)
		cli_die("INET_DIAG", "%s", why);
}

/* report
 * The census with its findings, as text or JSON. */
static void report(const struct run *r, const struct ts_kernel *k)
{
	struct ts_findings findings;
	ts_findings_build(&r->census, k, &r->o->th, &findings);
	struct ts_report rep = {
		.census = &r->census,
		.kernel = k,
		.findings = &findings,
		.owners_hidden = sock_owners_hidden(r->owners),
		.netns = r->o->netns,
		.top = (size_t)r->o->top,
		.states = r->o->states,
	};
	if (r->o->json) {
		if (!out_json_emit(stdout, ts_json_report(&rep), true))
			cli_die("stdout", "%s", strerror(errno));
		return;
	}
	ts_text_print(stdout, &rep);
}

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
	if (fflush(stdout) != 0 || ferror(stdout))
		cli_die("stdout", "%s", strerror(errno));
	return CLI_EXIT_OK;
}

/* main
 * Options, namespace, owners and kernel figures, the socket, lockdown, the dump, output. */
int main(int argc, char **argv)
{
	struct ts_opts o;
	ts_opts_parse(argc, argv, &o);
	if (o.explain || o.errno_which >= 0)
		return teach(&o);
	enter_netns(o.netns);
	struct run r = {.o = &o, .owners = scan_owners(&o)};
	struct ts_kernel k;
	ts_kernel_read(&k);
	tool_start_or_die();
	struct tcp_diag *d;
	const char *why;
	if (tcp_diag_open(&d, &why) != NETDX_OK)
		cli_die("INET_DIAG socket", "%s", why);
	tool_lockdown_or_die(0);
	if (!o.list && !ts_census_init(&r.census))
		cli_die("census", "%s", strerror(ENOMEM));
	r.census.idle_min_ms = (uint32_t)(o.th.idle_min_s * 1000);
	if (o.list)
		ts_list_header(stdout, o.extend);
	dump(&r, d);
	if (r.nomem)
		cli_die("census", "%s", strerror(ENOMEM));
	if (!o.list)
		report(&r, &k);
	tcp_diag_close(d);
	ts_census_free(&r.census);
	sock_owners_free(r.owners);
	if (fflush(stdout) != 0 || ferror(stdout))
		cli_die("stdout", "%s", strerror(errno));
	return CLI_EXIT_OK;
}
