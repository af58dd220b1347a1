/* path_setup — how a tool that probes a path in rounds (mtr, pathping) sets its run up:
 * the target resolved, our source address known, the rounds' sockets open. One way for
 * all of them; each failure is one "prog: what: why" line and exit 2. The capabilities
 * are dropped after it, by tool_lockdown_or_die() (netdx/tool.h). */
#ifndef NETDX_PATH_SETUP_H
#define NETDX_PATH_SETUP_H

#include "netdx/addr.h"
#include "netdx/rounds.h"

/* Where a run goes, and from where. */
struct path_target {
	struct netdx_addr dst;      /* the target */
	char dst_text[ADDR_STRLEN]; /* its numeric text */
	struct netdx_addr src;      /* our address: the one given, else the route's preferred
				     * source (len 0 when there is no route, or it names none) */
};

/* Resolve name for the family rc->probe.family asks for (AF_UNSPEC, or -4 / -6) into
 * *t, rc->dst and rc->probe.family. source (NULL: none given) must be a literal of that
 * family: the probes are then sent from it. Dies with "name: why" or "invalid source
 * address: 'source'". */
void path_setup_target(struct rounds_config *rc, const char *name, const char *source,
		       struct path_target *t);

/* The same, but a name that does not resolve is returned (addr_resolve's status, *why its
 * words) rather than the end of the run: mtr goes on with its other hosts. */
enum netdx_status path_setup_try_target(struct rounds_config *rc, const char *name,
					const char *source, struct path_target *t,
					const char **why);

/* rounds_new(), or "socket: why" and exit 2; without the privilege the probes need,
 * tool_die_nopriv()'s line (netdx/tool.h), naming method_opt: the option that chose
 * rc->probe.method ("-T"), NULL for the tool's default. */
struct rounds *path_setup_rounds(struct loop *loop, const struct rounds_config *rc,
				 const char *method_opt, struct hops *hops, rounds_cb cb,
				 void *arg);

#endif
