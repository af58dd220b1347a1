/* hosts.c — what mtr shows for a hop's responders, and the honest-loss analysis. */
#include <stdio.h>

#include "mtr.h"

const char *mtr_host_text(const struct mtr_ctl *ctl, const struct hop *hp, size_t responder,
			  char *buf, size_t len)
{
	(void)ctl;
	if (!hp || responder >= hp->n_responders) {
		snprintf(buf, len, "???");
		return buf;
	}
	addr_to_str(&hp->responders[responder].addr, buf, len);
	return buf;
}

bool mtr_hop_limits_icmp(const struct mtr_ctl *ctl, int ttl)
{
	struct hop_loss link, node;
	const struct hop *hp = hops_at(&ctl->hops, ttl);
	if (!hp || ttl >= hops_last_ttl(&ctl->hops))
		return false;
	hops_split_loss(&ctl->hops, ttl, &link, &node);
	/* The router's own loss is significant (its interval excludes 0) while the loss it
	 * shares with the rest of the path is not larger. */
	return node.lost > 0 && node.lo_pct > 0 && node.lost >= link.lost;
}
