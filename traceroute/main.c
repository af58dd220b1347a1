/* traceroute — the route to a host, traceroute 2.x compatible (output and options),
 * with every TTL in flight at once, adaptive waits, flow-stable (Paris) probes, a
 * multipath mode, a teaching mode and JSON. This file sets the run up: options,
 * target, the probe engine (the one privileged step), privileges dropped, names. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "netdx/cli.h"
#include "netdx/priv.h"
#include "netdx/route.h"
#include "netdx/tool.h"
#include "netdx/zpages.h"
#include "tr.h"

#define TR_DEFAULT_DATA 40 /* traceroute 2.x: a probe is the IP header + 40 bytes */

/* probe_method
 * The engine's method behind each of ours. */
static enum probe_method probe_method(enum tr_method m)
{
	static const enum probe_method methods[] = {
		[TR_UDP] = PROBE_METHOD_UDP,   [TR_UDP_PORT] = PROBE_METHOD_UDP,
		[TR_ICMP] = PROBE_METHOD_ICMP, [TR_TCP] = PROBE_METHOD_TCP,
		[TR_RAW] = PROBE_METHOD_RAW,   [TR_UDPLITE] = PROBE_METHOD_UDP,
		[TR_DCCP] = PROBE_METHOD_DCCP, [TR_TCPCONN] = PROBE_METHOD_TCPCONN,
	};
	return methods[m];
}

/* source_route
 * -g: the route every probe carries in its IP header, and its gateways, which routers
 * quote as the destination until the probe has passed them. */
static void source_route(struct tr_run *r, struct probe_config *pc)
{
	if (!r->n_via)
		return;
	pc->via = r->via;
	pc->n_via = r->n_via;
	pc->sock.source_route = r->route;
	pc->sock.source_route_len = r->route_len;
}

/* engine_config
 * The probe engine's configuration for this run. */
static void engine_config(struct tr_run *r, struct tr_conf *c, const struct netdx_addr *src,
			  struct probe_config *pc)
{
	memset(pc, 0, sizeof(*pc));
	pc->family = addr_family(&r->dst);
	pc->method = probe_method(c->method);
	pc->payload_len = r->packet_len - r->header_len;
	/* the engine gives up a little after our own longest wait: late answers are
	 * still recognised as ours, and its window frees */
	pc->timeout_ns = (uint64_t)(c->wait_max_s * 1e9) + 500000000ull;
	/* every probe of the run may still be in the engine's window (a probe given up
	 * stays there until the engine's own timeout): room for all of them */
	size_t ttls = (size_t)(c->max_ttl - c->first_ttl + 1);
	pc->max_outstanding = (unsigned)(c->multipath ? ttls * TR_MP_MAX_PER_TTL
						      : ttls * (size_t)c->queries + 64);
	pc->port = (uint16_t)(c->port > 0 ? c->port : 0);
	pc->paris = c->paris;
	/* -U without Paris: 2.x's way, a socket per probe (see target); -UL always */
	pc->own_port = (c->method == TR_UDP_PORT && !c->paris) || c->method == TR_UDPLITE;
	pc->sock.udplite = c->method == TR_UDPLITE;
	pc->sock.debug = c->debug ? SOCK_DEBUG_REQUIRE : SOCK_DEBUG_OFF;
	pc->sock.udplite_cscov = (uint16_t)(c->cscov > 0 ? c->cscov : 0);
	pc->proto = (uint8_t)c->proto;
	pc->sock.ifname = c->iface;
	pc->sock.src = src;
	pc->sock.tos = c->tos;
	pc->sock.df = c->dontfrag ? SOCK_DF_ALWAYS : SOCK_DF_NEVER;
	/* UDP from a raw socket only when asked; ICMP raw whenever we may (the whole
	 * error message, MPLS labels included, instead of the error queue's summary) */
	pc->sock.force_raw = c->raw_udp || (c->method == TR_ICMP && priv_have_net_raw());
	pc->sock.port = (uint16_t)c->sport;
	pc->sock.mark = (uint32_t)c->fwmark;
	pc->sock.dontroute = c->dontroute;
	pc->sock.flowlabel = (uint32_t)c->flowlabel;
	pc->sock.flow_dst = r->dst;
	if (c->tcp.given)
		tr_tcp_opts_apply(&c->tcp, pc);
	source_route(r, pc);
}

/* die_nopriv
 * The probe socket was refused for want of privilege: the line that names the option
 * and says what to do (ICMP would do with a datagram socket, the others need raw). */
static void die_nopriv(const struct tr_conf *c)
{
	if (c->fwmark)
		cli_die("--fwmark", "setting a mark needs cap_net_raw: run traceroute as root, "
				    "or give it the capability (setcap cap_net_raw+p)");
	if (c->debug)
		cli_die("-d", "SO_DEBUG needs cap_net_admin: run traceroute as root");
	if (c->method == TR_TCP)
		tool_die_nopriv("-T", "TCP SYN probes", false);
	if (c->method == TR_RAW)
		tool_die_nopriv("-P", "raw IP probes", false);
	if (c->method == TR_DCCP)
		tool_die_nopriv("-D", "DCCP probes", false);
	if (c->n_gateways)
		tool_die_nopriv("-g", "source-routed probes", false);
	if (c->raw_udp)
		tool_die_nopriv("--raw", "UDP from a raw socket", false);
	if (c->method == TR_ICMP)
		tool_die_nopriv("-I", "ICMP echo probes", true);
	tool_die_nopriv(NULL, "UDP probes", false);
}

/* open_engine
 * The one privileged step; a method that needs cap_net_raw says so plainly. */
static void open_engine(struct tr_run *r, struct tr_conf *c, const struct netdx_addr *src)
{
	struct probe_config pc;
	const char *why;
	engine_config(r, c, src, &pc);
	probe_cb cb = c->multipath ? tr_multipath_on_result : tr_run_on_result;
	/* -O: the probe is its headers and options, whatever length was asked (2.x) */
	if (c->tcp.given) {
		pc.payload_len = probe_tcp_options_len(pc.tcp_options);
		r->packet_len = r->header_len + pc.payload_len;
		r->tcp_flags = pc.tcp_flags;
		r->tcp_options = pc.tcp_options;
	}
	enum netdx_status st = probe_engine_new(r->loop, &pc, cb, r, &r->engine, &why);
	if (st == NETDX_E_NOPRIV)
		die_nopriv(c);
	if (st == NETDX_E_SYSTEM && pc.sock.source_route_len && pc.family == AF_INET6) {
		/* Linux refuses routing headers of type 0 (RFC 5095) and, without Mobile
		 * IPv6, of type 2: 2.x's line and status */
		cli_error(NULL, "setsockopt IPV6_RTHDR: %s", why);
		exit(CLI_EXIT_NOREPLY);
	}
	if (st != NETDX_OK)
		cli_die("socket", "%s", why);
	/* a DNS query may need more than was asked for (see probe_engine_payload_len) */
	r->packet_len = r->header_len + probe_engine_payload_len(r->engine);
}

/* target
 * Resolve the host (and -s) and fix the family, header and packet sizes. */
static void target(struct tr_run *r, struct tr_conf *c, struct netdx_addr *src, bool *have_src)
{
	const char *why;
	/* like 2.x, a name with both kinds of address is traced over IPv4 unless -6 */
	if ((c->family != AF_UNSPEC ||
	     addr_resolve(c->host, AF_INET, &r->dst, NULL, 0, &why) != NETDX_OK) &&
	    addr_resolve(c->host, c->family, &r->dst, NULL, 0, &why) != NETDX_OK)
		cli_die(c->host, "%s", why);
	int family = addr_family(&r->dst);
	addr_to_str(&r->dst, r->dst_text, sizeof(r->dst_text));
	*have_src = false;
	if (c->source) {
		if (addr_resolve(c->source, family, src, NULL, 0, &why) != NETDX_OK)
			cli_die(c->source, "%s", why);
		*have_src = true;
	}
	if (c->n_gateways)
		tr_gateways_resolve(r, c);
	bool own_sum = c->method == TR_TCP || c->method == TR_DCCP || c->raw_udp;
	if ((c->fwmark || c->n_gateways) && !c->source && own_sum) {
		/* Sends that sum their own checksum learn our source toward the target as
		 * they go, after the capability a mark or a source route needs is gone:
		 * learn it now, under the mark (a policy route may pick another link), toward
		 * the first gateway (where a source-routed probe goes). Without a route, the
		 * first send will say so. */
		struct sock_opts so = {.ifname = c->iface, .mark = (uint32_t)c->fwmark};
		enum netdx_status st =
			sock_source_for(c->n_gateways ? &r->via[0] : &r->dst, &so, src, &why);
		if (st == NETDX_E_NOPRIV)
			die_nopriv(c);
		*have_src = st == NETDX_OK;
	}
	if (c->flowlabel && family != AF_INET6)
		cli_die("-l", "flow labels are IPv6's: %s is an IPv4 address", r->dst_text);
	if (c->port < 0)
		c->port = c->method == TR_TCP || c->method == TR_TCPCONN        ? 80
			  : c->method == TR_UDP_PORT || c->method == TR_UDPLITE ? 53
										: 33434;
	/* -U expects a service to answer. Port 53's answers name their probe (the DNS ID),
	 * so the flow can stay the same; any other service's need not, and only a source
	 * port per probe tells them apart: not Paris. -UL: a port per probe always. */
	if ((c->method == TR_UDP_PORT && c->port != 53) || c->method == TR_UDPLITE ||
	    c->method == TR_TCPCONN)
		c->paris = false;
	/* the source route is part of every probe's IP header (2.x counts it) */
	r->header_len = probe_header_len(family, probe_method(c->method)) + r->route_len;
	/* PROBE_METHOD_RAW: the IP header alone */
	long len = c->packet_len >= 0 ? c->packet_len
		   : c->mtu           ? TR_MAX_PACKET
			    : (long)(probe_header_len(family, PROBE_METHOD_RAW) + r->route_len +
				     TR_DEFAULT_DATA);
	/* like 2.x: a length below the headers is raised to them; a DCCP probe is its
	 * headers alone, whatever was asked */
	r->packet_len =
		(size_t)len < r->header_len || c->method == TR_DCCP ? r->header_len : (size_t)len;
}

/* device_mtu
 * The MTU of the interface the route to the target leaves by: what the kernel checks
 * a probe against when Don't Fragment is forced (a learned path MTU is not). From
 * sysfs (the namespace's own); the route's MTU when that cannot be read. Read before
 * the sandbox, which gives a trace neither files nor routes. */
static unsigned device_mtu(const struct tr_run *r)
{
	struct route_info ri;
	if (route_lookup(&r->dst, &ri, NULL) != NETDX_OK)
		return 0;
	char path[64];
	unsigned mtu = 0;
	snprintf(path, sizeof(path), "/sys/class/net/%s/mtu", ri.ifname);
	FILE *f = fopen(path, "r");
	if (f) {
		if (fscanf(f, "%u", &mtu) != 1)
			mtu = 0;
		fclose(f);
	}
	return mtu ? mtu : ri.mtu;
}

/* on_signal
 * An end signal: stop the trace. The output then ends as at the end of a run (the
 * current line; the JSON document so far, marked interrupted) and the status is the
 * shell's for the signal, as traceroute 2.x's on Ctrl-C. */
static void on_signal(void *arg, int signo)
{
	struct tr_run *r = arg;
	r->signal = signo;
	loop_stop(r->loop);
}

/* note_ambiguous
 * Answers the destination gave that no probe can be proven to have drawn: say so once
 * (they count nowhere else), and how to trace that port instead. */
static void note_ambiguous(const struct tr_run *r)
{
	uint64_t n = probe_engine_counters(r->engine)->ambiguous;
	if (!n || r->conf->json)
		return;
	cli_error(NULL,
		  "%llu UDP %s from %s port %ld could belong to any probe (every probe "
		  "had the same ports): ignored; -U -p %ld sends each probe from its own port",
		  (unsigned long long)n, n == 1 ? "reply" : "replies", r->dst_text, r->conf->port,
		  r->conf->port);
}

/* on_name
 * A reverse name or an AS arrived: maybe more lines can be printed now. */
static void on_name(void *arg)
{
	struct tr_run *r = arg;
	if (r->print)
		r->print(r);
}

int main(int argc, char **argv)
{
	struct tr_conf conf;
	static struct tr_run run; /* zero from the start: 20 KB, mostly -g's, never cleared */
	struct netdx_addr src;
	bool have_src;
	/* options first (a pure parse): -d keeps cap_net_admin for SO_DEBUG */
	tr_opts_parse(argc, argv, &conf);
	tool_start_keeping_or_die(conf.debug);
	run.conf = &conf;
	run.f = stdout;
	run.out = conf.json           ? &tr_json_ops
		  : conf.metrics_flag ? &tr_metrics_ops
		  : conf.explain      ? &tr_explain_ops
				      : &tr_text_ops;
	target(&run, &conf, &src, &have_src);
	run.loop = loop_new();
	if (!run.loop || !hops_init(&run.hops, conf.first_ttl, conf.max_ttl))
		cli_die(NULL, "%s", strerror(ENOMEM));
	open_engine(&run, &conf, have_src ? &src : NULL);
	/* names read resolv.conf, nsswitch.conf and the hosts file: before the sandbox */
	if (!conf.numeric && !(run.names = names_new(run.loop, on_name, &run)))
		cli_die(NULL, "%s", strerror(ENOMEM));
	if (conf.as_path &&
	    !(run.asn = asn_new(run.loop, conf.asn_server ? &conf.asn_server_addr : NULL, false,
				on_name, &run)))
		cli_die(NULL, "%s", strerror(ENOMEM));
	if (conf.dontfrag)
		run.device_mtu = device_mtu(&run);
	tool_lockdown_or_die(probe_engine_sandbox(run.engine) | (run.names ? names_sandbox() : 0) |
			     (run.asn ? asn_sandbox() : 0));
	if (loop_watch_end_signals(run.loop, on_signal, &run) < 0)
		cli_die("signals", "%s", strerror(errno));
	int rc = conf.multipath ? tr_multipath_trace(&run) : tr_run_trace(&run);
	if (rc < 0)
		cli_die(NULL, "%s", strerror(ENOMEM));
	int status = run.signal ? 128 + run.signal : CLI_EXIT_OK;
	note_ambiguous(&run);
	if (run.failed) {
		fputc('\n', stdout);
		fflush(stdout);
		cli_error("send", "%s", strerror(run.send_errno));
		status = CLI_EXIT_NOREPLY;
	}
	names_free(run.names);
	asn_free(run.asn);
	probe_engine_free(run.engine);
	hops_free(&run.hops);
	zpages_free(run.probes, run.n_probes, sizeof(*run.probes));
	loop_free(run.loop);
	/* Everything is written and freed: end without running the libraries' exit
	 * handlers (libnl tears down its caches there), which would cost a short trace
	 * a noticeable share of its time. Sanitizer builds exit normally, so the leak
	 * check runs. */
	if (fflush(stdout) != 0)
		status = CLI_EXIT_ERROR;
#if defined(__SANITIZE_ADDRESS__)
	exit(status);
#else
	_exit(status);
#endif
}
