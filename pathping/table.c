/* table.c — Windows pathping's statistics table (node rows, link rows with "|"), then
 * our verdict: where loss that persists to the destination starts, and which routers
 * lose only their own replies. */
#include <math.h>
#include <string.h>

#include "pathping.h"

#define HOST_LEN 320

const char *pathping_host(const struct pathping *pp, const struct netdx_addr *a, char *buf,
			  size_t len)
{
	char name[256], text[ADDR_STRLEN];
	addr_to_str(a, text, sizeof(text));
	if (!pp->numeric && addr_reverse_name(a, name, sizeof(name)))
		snprintf(buf, len, "%.200s [%s]", name, text);
	else
		snprintf(buf, len, "%s", text);
	return buf;
}

const char *pathping_local(const struct pathping *pp, char *buf, size_t len)
{
	char text[ADDR_STRLEN];
	addr_to_str(&pp->local, text, sizeof(text));
	if (pp->numeric)
		snprintf(buf, len, "%s", text);
	else
		snprintf(buf, len, "%.200s [%s]", pp->local_name, text);
	return buf;
}

/* pct
 * Windows shows whole percent, rounded down. */
static int pct(const struct hop_loss *l)
{
	return l->sent ? (int)(l->lost * 100 / l->sent) : 0;
}

/* print_loss
 * One "Lost/Sent = Pct" cell. */
static void print_loss(FILE *out, const struct hop_loss *l)
{
	fprintf(out, "%6llu/%4llu =%3d%%", (unsigned long long)l->lost,
		(unsigned long long)l->sent, pct(l));
}

bool pathping_link_loss_starts(const struct pathping *pp, int ttl, struct hop_loss *link)
{
	return hops_loss_starts(&pp->stats, ttl, link);
}

bool pathping_node_only_loss(const struct pathping *pp, int ttl, struct hop_loss *node)
{
	return hops_node_only(&pp->stats, ttl, node);
}

/* print_verdict
 * Plain sentences under the table, with 95% confidence intervals. */
static void print_verdict(const struct pathping *pp, FILE *out)
{
	char host[HOST_LEN];
	bool any = false;
	for (int ttl = 1; ttl <= pp->last_ttl; ttl++) {
		const struct hop *hp = hops_at(&pp->stats, ttl);
		const struct netdx_addr *a = hp->n_responders ? &hp->responders[0].addr : NULL;
		struct hop_loss l;
		if (pathping_link_loss_starts(pp, ttl, &l)) {
			fprintf(out, "Loss starts on the link into hop %d%s%s%s: %.1f%% of probes from "
				     "there on are lost (95%% confidence %.0f-%.0f%%).\n",
				ttl, a ? " (" : "", a ? pathping_host(pp, a, host, sizeof(host)) : "", a ? ")" : "",
				l.pct, l.lo_pct, l.hi_pct);
			any = true;
		}
		if (pathping_node_only_loss(pp, ttl, &l)) {
			fprintf(out, "Hop %d%s%s%s drops %.1f%% of the probes addressed to it but "
				     "forwards traffic (later hops answer): it limits its own ICMP; "
				     "not path loss (95%% confidence %.0f-%.0f%%).\n",
				ttl, a ? " (" : "", a ? pathping_host(pp, a, host, sizeof(host)) : "", a ? ")" : "",
				l.pct, l.lo_pct, l.hi_pct);
			any = true;
		}
	}
	if (pp->send_errno)
		fprintf(out, "Some probes could not be sent (%s); they count as lost.\n",
			strerror(pp->send_errno));
	if (!any)
		fprintf(out, "No loss on the path: every hop answered within what chance "
			     "explains.\n");
}

void pathping_print_table(const struct pathping *pp, FILE *out)
{
	char host[HOST_LEN];
	fprintf(out, "            Source to Here   This Node/Link\n");
	fprintf(out, "Hop  RTT    Lost/Sent = Pct  Lost/Sent = Pct  Address\n");
	fprintf(out, "  0                                           %s\n",
		pathping_local(pp, host, sizeof(host)));
	for (int ttl = 1; ttl <= pp->last_ttl; ttl++) {
		const struct hop *hp = hops_at(&pp->stats, ttl);
		struct hop_loss here, link, node;
		hops_loss(&pp->stats, ttl, &here);
		hops_split_loss(&pp->stats, ttl, &link, &node);
		fprintf(out, "%*s", 27, "");
		print_loss(out, &link);
		fprintf(out, "   |\n");
		if (hp->stats.received)
			fprintf(out, "%3d %4ldms", ttl, lround(stats_mean_ms(&hp->stats)));
		else
			fprintf(out, "%3d  ---  ", ttl);
		print_loss(out, &here);
		print_loss(out, &node);
		if (hp->n_responders)
			fprintf(out, "  %s\n", pathping_host(pp, &hp->responders[0].addr, host, sizeof(host)));
		else
			fprintf(out, "  *\n");
	}
	fprintf(out, "\nTrace complete.\n\n");
	print_verdict(pp, out);
}
