/* hosts.c — what mtr shows for a hop's responders, and the notes under its table: the
 * findings of netdx/hops.h in mtr's words. */
#include <stdio.h>
#include <string.h>

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

const char *mtr_ipinfo_text(const struct mtr_ctl *ctl, const struct netdx_addr *a, char *buf,
			    size_t len)
{
	/* mtr's widths (ui/asn.c iiwidth) for fields 0..4; the AS name, ours, gets 20 */
	static const int width[ASN_F_COUNT] = {7, 19, 4, 8, 11, 20};
	if (ctl->ipinfo < 0 || !ctl->asn) {
		snprintf(buf, len, "%s", "");
		return buf;
	}
	const struct asn_info *info = a ? asn_get(ctl->asn, a) : NULL;
	const char *text = info ? asn_field_text(info, (enum asn_field)ctl->ipinfo) : "";
	snprintf(buf, len, "%s%-*s", ctl->ipinfo == ASN_F_AS ? "AS" : "", width[ctl->ipinfo],
		 *text ? text : "???");
	return buf;
}

size_t mtr_findings(const struct mtr_ctl *ctl, struct hops_finding *out)
{
	size_t n = hops_findings(&ctl->hops, hops_last_ttl(&ctl->hops), out, HOPS_MAX_FINDINGS);
	return n < HOPS_MAX_FINDINGS ? n : HOPS_MAX_FINDINGS;
}

/* hop_host
 * "hop N (host)", or "hop N" when nobody answered there. */
static const char *hop_host(const struct mtr_ctl *ctl, int ttl, char *buf, size_t len)
{
	char name[512];
	const struct hop *hp = hops_at(&ctl->hops, ttl);
	if (hp && hp->n_responders)
		snprintf(buf, len, "hop %d (%s)", ttl,
			 mtr_host_text(ctl, hp, 0, name, sizeof(name)));
	else
		snprintf(buf, len, "hop %d", ttl);
	return buf;
}

/* note_unreached
 * The destination never answered: the last hop that did, and where it goes dark. */
static void note_unreached(const struct mtr_ctl *ctl, const struct hops_finding *f, char *buf,
			   size_t len)
{
	char last[600];
	if (!f->ref)
		snprintf(buf, len, "Note: the destination (%s) never answered, nor did any hop.",
			 ctl->path.dst_text);
	else if (f->first > f->last)
		snprintf(buf, len,
			 "Note: the destination (%s) never answered within %d hops; %s "
			 "is the last hop that answered.",
			 ctl->path.dst_text, ctl->hops.max_ttl,
			 hop_host(ctl, f->ref, last, sizeof(last)));
	else
		snprintf(buf, len,
			 "Note: the destination (%s) never answered; %s is the last hop "
			 "that answered, and from hop %d on nothing came back.",
			 ctl->path.dst_text, hop_host(ctl, f->ref, last, sizeof(last)), f->first);
}

/* note_node_only
 * A router whose loss is its own ICMP limiting, with the Loss% of the hop that shows it. */
static void note_node_only(const struct mtr_ctl *ctl, const struct hops_finding *f, char *buf,
			   size_t len)
{
	char host[600];
	const struct hop *hp = hops_at(&ctl->hops, f->first);
	const struct hop *ref = hops_at(&ctl->hops, f->ref);
	if (hp->stats.received == 0)
		snprintf(buf, len,
			 "Note: hop %d sends no ICMP replies, yet later hops answer: it "
			 "forwards traffic; its 100%% is not loss.",
			 f->first);
	else
		snprintf(buf, len,
			 "Note: %s loses %.1f%%, hop %d only %.1f%%: the router limits "
			 "the ICMP it sends; this is not forwarding loss.",
			 hop_host(ctl, f->first, host, sizeof(host)), stats_loss_pct(&hp->stats),
			 f->ref, stats_loss_pct(&ref->stats));
}

/* note_undecided
 * Loss the rounds so far cannot tell from none, and how many rounds would. */
static void note_undecided(const struct mtr_ctl *ctl, const struct hops_finding *f, char *buf,
			   size_t len)
{
	double lo = 100, hi = 0;
	char hops[32], range[32];
	for (int ttl = f->first; ttl <= f->last; ttl++) {
		double pct = stats_loss_pct(&hops_at(&ctl->hops, ttl)->stats);
		lo = pct < lo ? pct : lo;
		hi = pct > hi ? pct : hi;
	}
	hops_span_text(f, hops, sizeof(hops));
	hops_pct_range_text(lo, hi, 1, range, sizeof(range));
	snprintf(buf, len,
		 "Note: %llu rounds cannot tell the loss at %s (%s) from none; %llu "
		 "would.",
		 (unsigned long long)f->loss.sent, hops, range, (unsigned long long)f->need);
}

/* finding_note
 * The note about one finding into buf; false for a finding mtr shows no note for
 * (where loss starts: its Loss% column says it). */
static bool finding_note(const struct mtr_ctl *ctl, const struct hops_finding *f, char *buf,
			 size_t len)
{
	switch (f->kind) {
	case HOPS_UNREACHED:
		/* the first round may still bring the destination's answer */
		if (!rounds_completed(ctl->rounds))
			return false;
		note_unreached(ctl, f, buf, len);
		return true;
	case HOPS_NODE_ONLY:
		note_node_only(ctl, f, buf, len);
		return true;
	case HOPS_UNDECIDED:
		note_undecided(ctl, f, buf, len);
		return true;
	case HOPS_LOSS_STARTS:
		return false;
	}
	return false;
}

const char *mtr_note_text(const struct mtr_ctl *ctl, size_t index, char *buf, size_t len)
{
	struct hops_finding f[HOPS_MAX_FINDINGS];
	size_t n = mtr_findings(ctl, f), k = 0;
	for (size_t i = 0; i < n; i++)
		if (finding_note(ctl, &f[i], buf, len) && k++ == index)
			return buf;
	if (rounds_send_errno(ctl->rounds) && k++ == index) {
		snprintf(buf, len, "Note: some probes could not be sent (%s); they count as lost.",
			 strerror(rounds_send_errno(ctl->rounds)));
		return buf;
	}
	if (ctl->interrupted && k == index) {
		snprintf(buf, len, "Note: interrupted after %llu of %llu rounds.",
			 (unsigned long long)rounds_completed(ctl->rounds),
			 (unsigned long long)ctl->rc.count);
		return buf;
	}
	return NULL;
}
