/* path_setup.c — a path run's target, source and rounds (see netdx/path_setup.h). */
#include "netdx/path_setup.h"

#include <string.h>

#include "netdx/cli.h"
#include "netdx/route.h"
#include "netdx/tool.h"

/* path_setup_try_target
 * The target, and our address toward it: the one given (bound), else the route's. */
enum netdx_status path_setup_try_target(struct rounds_config *rc, const char *name,
					const char *source, struct path_target *t, const char **why)
{
	struct route_info route;
	memset(t, 0, sizeof(*t));
	enum netdx_status st = addr_resolve(name, rc->probe.family, &t->dst, NULL, 0, why);
	if (st != NETDX_OK)
		return st;
	rc->dst = t->dst;
	rc->probe.family = addr_family(&t->dst);
	addr_to_str(&t->dst, t->dst_text, sizeof(t->dst_text));
	if (source) {
		if (!addr_parse_literal(source, rc->probe.family, &t->src))
			cli_die("invalid source address", "'%s'", source);
		rc->probe.sock.src = &t->src;
	} else if (rc->probe.sock.mark) {
		/* TCP's and raw UDP's checksums need our source, learned as they send, after
		 * the capability a mark needs is gone: learn it now, under the mark (a policy
		 * route may pick another link), and send from it. Without a route, the first
		 * send says so. */
		const char *no_route;
		if (sock_source_for(&t->dst, &rc->probe.sock, &t->src, &no_route) == NETDX_OK)
			rc->probe.sock.src = &t->src;
	} else if (route_lookup(&t->dst, &route, NULL) == NETDX_OK) {
		t->src = route.src;
	}
	return NETDX_OK;
}

/* path_setup_target
 * path_setup_try_target, or exit with the name and why it did not resolve. */
void path_setup_target(struct rounds_config *rc, const char *name, const char *source,
		       struct path_target *t)
{
	const char *why;
	if (path_setup_try_target(rc, name, source, t, &why) != NETDX_OK)
		cli_die(name, "%s", why);
}

/* path_setup_rounds
 * The rounds and their socket, or exit. */
struct rounds *path_setup_rounds(struct loop *loop, const struct rounds_config *rc,
				 const char *method_opt, struct hops *hops, rounds_cb cb, void *arg)
{
	struct rounds *r;
	const char *why;
	enum netdx_status st = rounds_new(loop, rc, hops, cb, arg, &r, &why);
	if (st == NETDX_E_NOPRIV)
		tool_die_nopriv(method_opt, probe_method_probes(rc->probe.method),
				rc->probe.method == PROBE_METHOD_ICMP && !rc->probe.sock.force_raw);
	if (st != NETDX_OK)
		cli_die("socket", "%s", why);
	return r;
}
