/* hosts.c — what mtr shows for a hop's responders, and the honest-loss analysis. */
#include <stdio.h>

#include "mtr.h"

const char *mtr_host_text(const struct mtr_ctl *ctl, const struct hop *hp, size_t responder,
			  char *buf, size_t len)
{
	if (!hp || responder >= hp->n_responders) {
		snprintf(buf, len, "???");
		return buf;
	}
	const struct netdx_addr *a = &hp->responders[responder].addr;
	char text[ADDR_STRLEN];
	addr_to_str(a, text, sizeof(text));
	/* mtr's choices: the name, "name (address)" with -b, the address without a name */
	const char *name = ctl->dns && ctl->names ? names_get(ctl->names, a) : NULL;
	if (name && *name)
		snprintf(buf, len, ctl->show_ips ? "%s (%s)" : "%s", name, text);
	else
		snprintf(buf, len, "%s", text);
	return buf;
}

bool mtr_hop_limits_icmp(const struct mtr_ctl *ctl, int ttl)
{
	struct hop_loss node;
	return hops_node_only(&ctl->hops, ttl, &node);
}

const char *mtr_note_text(const struct mtr_ctl *ctl, int ttl, char *buf, size_t len)
{
	char name[1024]; /* a host name, once names are shown */
	if (!mtr_hop_limits_icmp(ctl, ttl))
		return NULL;
	const struct hop *hp = hops_at(&ctl->hops, ttl);
	if (hp->stats.received == 0)
		snprintf(buf, len, "Note: hop %d sends no ICMP replies, yet later hops answer: it "
				   "forwards traffic; its 100%% is not loss.", ttl);
	else
		snprintf(buf, len, "Note: hop %d (%s) loses %.1f%% that later hops do not: the "
				   "router limits the ICMP it sends; this is not forwarding loss.",
			 ttl, mtr_host_text(ctl, hp, 0, name, sizeof(name)), stats_loss_pct(&hp->stats));
	return buf;
}
