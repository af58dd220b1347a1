/* findings_idle.c — finding 6: ESTABLISHED connections idle for long without keepalive,
 * which stay half-open for ever if the peer vanished. */
#include "findings_kit.h"

void ts_find_idle(const struct ts_census *c, const struct ts_kernel *k,
		  const struct ts_thresholds *th, struct ts_findings *out)
{
	const struct ts_entry *peer = ts_finding_top(&c->idle);
	if (!c->idle_count || !peer)
		return;
	struct ts_finding *f = ts_finding_new(out, "idle-no-keepalive");
	if (!f)
		return;
	char addr[ADDR_STRLEN], who[96];
	ts_addr_str(peer->key.family, peer->key.addr, addr, sizeof(addr));
	ts_finding_holder(peer, who, sizeof(who));
	ts_finding_say(f->summary, sizeof(f->summary),
		       "%llu ESTABLISHED connections have sent and received nothing for %ld s or "
		       "more (the longest %u s) and have no keepalive, %u of them with %s (held "
		       "by %s): if a peer vanished (crash, NAT or firewall timeout) they are "
		       "half-open and nothing will notice",
		       (unsigned long long)c->idle_count, th->idle_min_s, c->idle_max_ms / 1000,
		       peer->count, addr, who);
	ts_finding_say(f->advice, sizeof(f->advice),
		       "turn on SO_KEEPALIVE in the application (then tcp_keepalive_time, "
		       "_intvl and _probes apply, or TCP_KEEPIDLE per socket) or send "
		       "application heartbeats; TCP_USER_TIMEOUT bounds unacknowledged data");
	ts_finding_fact(f, "idle", (long long)c->idle_count);
	ts_finding_fact(f, "idle_max_s", c->idle_max_ms / 1000);
	ts_finding_fact(f, "pid", ts_finding_pid(peer));
	ts_finding_fact(f, "tcp_keepalive_time", k->keepalive_time);
	ts_finding_fact(f, "tcp_keepalive_intvl", k->keepalive_intvl);
	ts_finding_fact(f, "tcp_keepalive_probes", k->keepalive_probes);
	ts_finding_fact(f, "threshold_s", th->idle_min_s);
}
