/* ping — netdx's ping: iputils' options and output for one target, fping-style sweeps
 * for several, --json for both; invoked as fping, fping 5.1's options and output. This file holds the order of things: capabilities,
 * options, targets, sockets, dropping every capability, the run, the exit status. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "netdx/cli.h"
#include "netdx/loop.h"
#include "netdx/probe.h"
#include "netdx/sandbox.h"
#include "netdx/tool.h"
#include "ping.h"

/* sock_opts_for
 * The socket options the command line asks for, for targets of one family. */
static struct sock_opts sock_opts_for(const struct ping_opts *o, int family)
{
	return (struct sock_opts){
		.ifname = o->iface,
		.src = o->src.len && addr_family(&o->src) == family ? &o->src : NULL,
		.tos = o->tos > 0 ? o->tos : 0,
		.df = o->df,
		/* Kernel TX stamps cost a read per probe: worth it for exact RTTs, not for a
		 * flood or a flat-out sweep, where speed is the point. */
		.tx_timestamps = o->interval_ms > 0 && !o->user_latency,
		.ip_options = o->ip_options_len ? o->ip_options : NULL,
		.ip_options_len = o->ip_options_len,
		.mark = o->mark,
		.sndbuf = o->sndbuf,
		.broadcast = o->broadcast,
		.dontroute = o->dontroute,
		.no_mcast_loop = o->no_mcast_loop,
		.debug = o->so_debug ? SOCK_DEBUG_TRY : SOCK_DEBUG_OFF,
		.flowlabel = family == AF_INET6 ? o->flowlabel : 0,
	};
}

/* single_window
 * Probes one target can have in flight: every probe of a -W wait (twice, for slack),
 * at least 256, at most the 16-bit sequence space. A small window keeps start-up and
 * exit cheap; a probe whose place is reused can no longer be matched (iputils forgets
 * too, after 65536). */
static unsigned single_window(const struct ping_opts *o)
{
	double per = o->interval_ms > 0 ? o->interval_ms : PING_FLOOD_TICK_MS;
	double want = 2.0 * o->linger_ms / per + (double)o->preload;
	unsigned w = 256;
	while (w < 65536 && (double)w < want)
		w <<= 1;
	return w;
}

/* multi_window
 * Probes a sweep can have in flight per engine: the sequence space, except for an
 * exporter, whose targets each have a probe every -i waiting -W at most: as
 * single_window, per target. Its memory (the engine's table) then stops growing once
 * that many probes went, not after 65536. */
static unsigned multi_window(const struct ping_opts *o, size_t targets)
{
	if (!ping_opts_exporter(o) || o->interval_ms <= 0)
		return 65536;
	double want = (double)targets * (2.0 * o->linger_ms / o->interval_ms + 1);
	unsigned w = 256;
	while (w < 65536 && (double)w < want)
		w <<= 1;
	return w;
}

/* engine_open
 * One probe engine (the privileged step: a raw socket needs CAP_NET_RAW); dst: the one
 * target (-F leases its label toward it), NULL for a sweep; bind_src: -B's source. */
static struct probe_engine *engine_open(struct loop *loop, const struct ping_opts *o,
					const struct netdx_addr *dst,
					const struct netdx_addr *bind_src, int family,
					double timeout_ms, unsigned window, int rcvbuf, probe_cb cb,
					void *arg)
{
	struct probe_config cfg = {
		.family = family,
		.method = PROBE_METHOD_ICMP,
		.payload_len = (size_t)o->size,
		.timeout_ns = (uint64_t)(timeout_ms * 1e6),
		.max_outstanding = window,
		.pattern = o->pattern_len ? o->pattern : NULL,
		.pattern_len = o->pattern_len,
		.random_fill = o->fp.random,
		.sock = sock_opts_for(o, family),
		.any_responder = o->broadcast,
		.user_latency = o->user_latency,
		.ident_set = o->ident >= 0,
		.ident = o->ident > 0 ? (uint16_t)o->ident : 0,
	};
	/* A datagram socket's identifier is its bound port, and port 0 is the kernel's
	 * choice: identifier 0 takes a raw socket (iputils' -e 0 too). */
	cfg.sock.force_raw = o->ident == 0;
	if (dst)
		cfg.sock.flow_dst = *dst; /* -F leases its label toward it */
	if (dst && o->connect_sock)
		cfg.sock.connect_to = dst; /* -C */
	if (bind_src)
		cfg.sock.src = bind_src;
	cfg.sock.rcvbuf = rcvbuf;
	const char *why;
	struct probe_engine *e;
	enum netdx_status st = probe_engine_new(loop, &cfg, cb, arg, &e, &why);
	if (st == NETDX_E_NOPRIV)
		tool_die_nopriv(o->ident == 0 ? "-e 0" : NULL, "ICMP echo probes", o->ident != 0);
	if (st != NETDX_OK)
		cli_die("socket", "%s", why);
	return e;
}

/* run_single
 * One target: iputils ping. */
static int run_single(const struct ping_opts *o, struct ping_targets *t, struct loop *loop)
{
	const struct ping_target *tg = &t->v[0];
	int family = addr_family(&tg->addr);
	ping_opts_check_family(o, family);
	/* iputils' hostname: the canonical name of an IPv4 name, else what was typed. */
	const char *host = !t->literal && family == AF_INET && t->canon[0] ? t->canon : tg->name;
	bool numeric = o->numeric || t->literal;
	/* As iputils: find the route (and source) first; no route is an error, exit 2. */
	struct sock_opts so = sock_opts_for(o, family);
	struct netdx_addr src;
	const char *why = NULL;
	so.broadcast = false; /* first as iputils: is it a broadcast address? */
	/* iputils finds the source without SO_DONTROUTE (-r): a target beyond the link is
	 * no error then, its probes just go unanswered */
	so.dontroute = false;
	enum netdx_status st = sock_source_for(&tg->addr, &so, &src, &why);
	if (st == NETDX_E_BROADCAST && !o->broadcast)
		cli_die(NULL, "Do you want to ping broadcast? Then -b. If not, check your local "
			      "firewall rules");
	if (st == NETDX_E_BROADCAST) {
		fputs("WARNING: pinging broadcast address\n", stderr);
		so.broadcast = true;
		st = sock_source_for(&tg->addr, &so, &src, &why);
	}
	if (st != NETDX_OK)
		cli_die("connect", "%s", why);
	struct ping_single *s = ping_single_new(o, loop, &tg->addr, &src, host, tg->name, numeric);
	if (so.broadcast)
		ping_single_broadcast(s);
	struct probe_engine *e =
		engine_open(loop, o, &tg->addr, o->sticky_src ? &src : NULL, family, o->linger_ms,
			    single_window(o), 0, ping_single_on_result, s);
	tool_lockdown_or_die(ping_single_sandbox(s));
	int rc = ping_single_run(s, e);
	probe_engine_free(e);
	return rc;
}

/* run_multi
 * Several targets: one engine per family in use, one loop. */
static int run_multi(const struct ping_opts *o, struct ping_targets *t, struct loop *loop)
{
	if (t->any4)
		ping_opts_check_family(o, AF_INET);
	if (t->any6)
		ping_opts_check_family(o, AF_INET6);
	struct ping_multi *m = ping_multi_new(o, loop, t);
	unsigned window = multi_window(o, t->n);
	struct probe_engine *e4 =
		t->any4 ? engine_open(loop, o, NULL, NULL, AF_INET, o->linger_ms, window,
				      PING_MULTI_RCVBUF, ping_multi_on_result, m)
			: NULL;
	struct probe_engine *e6 =
		t->any6 ? engine_open(loop, o, NULL, NULL, AF_INET6, o->linger_ms, window,
				      PING_MULTI_RCVBUF, ping_multi_on_result, m)
			: NULL;
	/* a sweep prints addresses as given and looks nothing up while it runs (fping -d
	 * and -n look names up before it starts); an exporter accepts scrapers and writes
	 * its textfile */
	int dirfd;
	unsigned needs = ping_multi_open_export(m, &dirfd);
	struct ping_fnames *names = ping_fnames_open(o, loop, &needs); /* fping -d / -n */
	if (o->fp.on)
		tool_local_time(); /* -Q's "[hh:mm:ss]" */
	tool_lockdown_writing_or_die(needs, dirfd);
	ping_fnames_apply(names, o, t);
	int rc = ping_multi_run(m, e4, e6);
	probe_engine_free(e4);
	probe_engine_free(e6);
	return rc;
}

/* main
 * Parse, open the sockets, drop privileges, run, exit with the status. */
int main(int argc, char **argv)
{
	tool_start_or_die();
	/* invoked as fping (a hard link; netdx-fping in the package): fping's options,
	 * lines and exit status */
	bool fping = strcmp(program_invocation_short_name, "fping") == 0 ||
		     strcmp(program_invocation_short_name, "netdx-fping") == 0;
	struct ping_opts o;
	enum ping_action action = fping ? ping_fopts_parse(argc, argv, getuid() == 0, &o)
					: ping_opts_parse(argc, argv, getuid() == 0, &o);
	switch (action) {
	case PING_HELP:
		(fping ? ping_fopts_usage : ping_opts_usage)(stdout);
		return CLI_EXIT_OK;
	case PING_VERSION:
		cli_print_version();
		return CLI_EXIT_OK;
	case PING_RUN:
		break;
	}
	struct ping_targets t;
	ping_targets_build(&o, &t);
	if (fping)
		ping_fopts_defaults(&o);
	else
		ping_opts_defaults(&o, t.multi);
	struct loop *loop = loop_new();
	if (!loop)
		cli_die("event loop", "%s", strerror(errno));
	int rc = t.multi ? run_multi(&o, &t, loop) : run_single(&o, &t, loop);
	ping_targets_free(&t);
	loop_free(loop);
	return rc;
}
