/* quote_check.c — a quote's source, checksum and TOS against what was sent; the
 * first hop of a path that shows a change (see netdx/quote_check.h). */
#include "netdx/quote_check.h"

#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "netdx/hops.h"
#include "netdx/wire.h"

/* sum_offset
 * Where a protocol's checksum sits in its header, and whether it covers a pseudo
 * header of the addresses: false for a protocol whose checksum we do not check. */
static bool sum_offset(uint8_t proto, int family, size_t *at, bool *pseudo)
{
	switch (proto) {
	case IPPROTO_UDP:
		*at = 6;
		*pseudo = true;
		return true;
	case IPPROTO_TCP:
		*at = 16;
		*pseudo = true;
		return true;
	case IPPROTO_ICMP:
		*at = 2;
		*pseudo = false;
		return family == AF_INET;
	case IPPROTO_ICMPV6:
		*at = 2;
		*pseudo = true;
		return family == AF_INET6;
	default:
		return false;
	}
}

bool quote_check_expected_sum(const struct icmp_quote *q, const struct netdx_addr *src,
			      uint16_t *out)
{
	size_t at;
	bool pseudo;
	if (!q->present || !q->has_l4 || q->l4_rebuilt || !q->l4 ||
	    !sum_offset(q->proto, q->family, &at, &pseudo) || q->l4_len < at + 2 ||
	    8 + q->payload_len < q->l4_len)
		return false;
	/* IPv4 UDP's zero means "no checksum": nothing to compare */
	if (q->proto == IPPROTO_UDP && q->family == AF_INET && q->l4_checksum == 0)
		return false;
	if (!src || addr_family(src) != q->family)
		src = &q->src;
	uint64_t sum = 0;
	if (pseudo) {
		size_t alen = q->family == AF_INET ? 4 : 16;
		sum = wire_sum_add(sum, addr_bytes(src), alen);
		sum = wire_sum_add(sum, addr_bytes(&q->dst), alen);
		sum += q->proto + (uint64_t)q->l4_len;
	}
	/* the segment with its checksum field taken as zero: two runs around it */
	sum = wire_sum_add(sum, q->l4, at);
	sum = wire_sum_add(sum, q->l4 + at + 2, q->l4_len - at - 2);
	uint16_t want = (uint16_t)~wire_sum_fold(sum);
	*out = want == 0 && q->proto == IPPROTO_UDP ? 0xffff : want;
	return true;
}

void quote_check_note(struct quote_seen *s, const struct icmp_msg *m)
{
	if (!m || !m->quote.present)
		return;
	const struct icmp_quote *q = &m->quote;
	/* the address the error came to is ours; a rebuilt quote's source is ours too */
	const struct netdx_addr *ours = q->ip_rebuilt ? &q->src : NULL;
	if (!q->ip_rebuilt && addr_family(&m->ip_dst) == q->family)
		ours = &m->ip_dst;
	uint16_t want;
	if (quote_check_expected_sum(q, ours, &want)) {
		s->sums++;
		if (want != q->l4_checksum) {
			s->sums_changed++;
			s->sum_quoted = q->l4_checksum;
			s->sum_sent = want;
		}
	}
	if (q->ip_rebuilt)
		return;
	if (ours) {
		s->addrs++;
		if (!addr_equal(ours, &q->src)) {
			s->addrs_changed++;
			s->src_seen = q->src;
			s->src_ours = *ours;
		}
	}
	s->toses++;
	s->tos = q->tos;
	s->src = q->src;
}

void quote_check_path(const struct hops *h, int last, uint8_t tos_sent, struct quote_path *out)
{
	memset(out, 0, sizeof(*out));
	out->tos_sent = tos_sent;
	for (int ttl = h->first_ttl; ttl <= last && ttl <= h->max_ttl; ttl++) {
		const struct quote_seen *s = &hops_at(h, ttl)->quote;
		if (s->toses && !out->src_first.len)
			out->src_first = s->src;
		bool moved = s->toses && !addr_equal(&s->src, &out->src_first);
		if (!out->nat_ttl && (s->sums_changed || s->addrs_changed || moved))
			out->nat_ttl = ttl;
		if (!out->tos_ttl && s->toses && s->tos != tos_sent) {
			out->tos_ttl = ttl;
			out->tos_quoted = s->tos;
		}
	}
}

void quote_check_marker(const struct quote_path *p, int ttl, char *buf, size_t len)
{
	int n = 0;
	if (len)
		buf[0] = '\0';
	if (p->nat_ttl && p->nat_ttl == ttl)
		n = snprintf(buf, len, " [NAT]");
	if (n >= 0 && (size_t)n < len && p->tos_ttl && p->tos_ttl == ttl)
		snprintf(buf + n, len - (size_t)n, " [TOS 0x%02x -> 0x%02x]", p->tos_sent,
			 p->tos_quoted);
}
