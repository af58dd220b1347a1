/* text.c — traceroute 2.x's output, byte for byte: the header line, then per hop
 * "%2d " and per probe " name (addr)" (or " addr" with -n, or " *"), printed only when
 * the responder differs from the previous answered probe's of that hop, then
 * "  0.123 ms" and the mark; with -e " <MPLS:L=..,E=..,S=..,T=..>", with --back
 * " '-N'" when the way back has another length, with --mtu " F=<mtu>". Ours after
 * the hop's last probe: " [NAT]", " [TOS 0x.. -> 0x..]" (netdx/quote_check.h). */
#include <stdio.h>
#include <string.h>

#include "netdx/quote_check.h"
#include "netdx/stats.h"
#include "tr.h"

void tr_text_header(struct tr_run *r)
{
	fprintf(r->f, "traceroute to %s (%s), %d hops max, %zu byte packets", r->conf->host,
		r->dst_text, r->conf->max_ttl, r->packet_len);
}

void tr_text_addr(struct tr_run *r, const struct netdx_addr *a)
{
	char text[ADDR_STRLEN];
	addr_to_str(a, text, sizeof(text));
	if (!r->names) {
		fprintf(r->f, " %s", text);
	} else {
		const char *name = names_get(r->names, a);
		fprintf(r->f, " %s (%s)", name && name[0] ? name : text, text);
	}
	if (r->asn) {
		/* -A as traceroute 2.x prints it; "*" when the AS is not known */
		const struct asn_info *info = asn_get(r->asn, a);
		fprintf(r->f, " [%s%s]", info ? "AS" : "*", info ? info->as_text : "");
	}
}

void tr_text_mpls(const struct tr_probe *p, char *buf, size_t len)
{
	size_t n = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < p->n_mpls && n < len; i++) {
		const struct icmp_mpls *m = &p->mpls[i];
		int w = snprintf(buf + n, len - n, "%sL=%u,E=%u,S=%u,T=%u",
				 i ? "/" : "MPLS:", m->label, m->tc, m->s, m->ttl);
		if (w < 0)
			break;
		n += (size_t)w;
	}
}

/* back_hops
 * traceroute 2.x's guess at the length of the way back from an answer's TTL: the
 * distance from 64, 128 or 255 (whichever is the smallest at or above it), plus one. */
static int back_hops(int reply_ttl)
{
	int initial, hops;
	if (!stats_infer_hops(reply_ttl, &initial, &hops))
		return 0;
	if (initial == 32)
		hops = 64 - reply_ttl; /* 2.x knows no initial TTL of 32 */
	return hops + 1;
}

/* same_as_previous
 * Does p repeat the responder (and marks) of the last answered probe before it in
 * its hop? Then 2.x prints only its time. */
static bool same_as_previous(struct tr_run *r, const struct tr_probe *p, unsigned i)
{
	for (unsigned k = i; k > 0; k--) {
		const struct tr_probe *prev = p - (i - k) - 1;
		if (!prev->answered || !prev->from.len)
			continue; /* "*" and local errors are skipped, as 2.x does */
		if (!addr_equal(&prev->from, &p->from))
			return false;
		if (r->conf->extensions) {
			char a[256], b[256];
			tr_text_mpls(prev, a, sizeof(a));
			tr_text_mpls(p, b, sizeof(b));
			if (strcmp(a, b) != 0)
				return false;
		}
		return !(r->conf->back && prev->reply_ttl != p->reply_ttl);
	}
	return false;
}

/* text_probe
 * One probe, as 2.x prints it. */
static void text_probe(struct tr_run *r, const struct tr_probe *p, unsigned i)
{
	if (i == 0)
		fprintf(r->f, "\n%2d ", p->ttl);
	if (!p->answered || !p->from.len) {
		fputs(" *", r->f);
	} else if (!same_as_previous(r, p, i)) {
		tr_text_addr(r, &p->from);
		if (r->conf->extensions && p->n_mpls) {
			char buf[256];
			tr_text_mpls(p, buf, sizeof(buf));
			fprintf(r->f, " <%s>", buf);
		}
		if (r->conf->back && p->reply_ttl > 0) {
			int back = back_hops(p->reply_ttl);
			if (back && back != p->ttl)
				fprintf(r->f, " '-%d'", back);
		}
		if (r->conf->tcp.info && p->tcp_flags) {
			char flags[48];
			tr_tcp_flags_text(p->tcp_flags, flags, sizeof(flags));
			fprintf(r->f, " <%s>", flags);
		}
	}
	if (p->answered)
		fprintf(r->f, "  %.3f ms", p->rtt_ms);
	if (p->new_mtu)
		fprintf(r->f, " F=%u", p->new_mtu);
	if (p->note[0])
		fprintf(r->f, " %s", p->note);
}

/* text_hop_end
 * The quote checks' marker, where this is the first hop to show a change (see
 * netdx/quote_check.h); the next hop's "\n%2d " ends the line, as in 2.x. */
static void text_hop_end(struct tr_run *r, int ttl)
{
	struct quote_path qp;
	char mark[64];
	quote_check_path(&r->hops, ttl, (uint8_t)r->conf->tos, &qp);
	quote_check_marker(&qp, ttl, mark, sizeof(mark));
	fputs(mark, r->f);
}

/* tr_resume
 * --mtu's summary, as tracepath has it: the path MTU found, and for a destination that
 * answered, its TTL (hops) and the way back's length from its answer (back, -1 when
 * its TTL is unknown); false when the destination did not answer. */
bool tr_resume(const struct tr_run *r, unsigned *pmtu, int *hops, int *back)
{
	*pmtu = (unsigned)r->packet_len;
	*hops = *back = -1;
	for (size_t i = 0; i < r->n_probes && i < r->next_print; i++) {
		const struct tr_probe *p = &r->probes[i];
		if (p->answered && p->kind == TR_REACHED) {
			*hops = p->ttl;
			*back = p->reply_ttl > 0 ? back_hops(p->reply_ttl) : -1;
			return true;
		}
	}
	return false;
}

/* text_resume
 * tracepath's last lines: "     Resume: pmtu 1500 hops 3 back 3 ", after "     Too
 * many hops: pmtu 1500" when the destination did not answer. */
static void text_resume(struct tr_run *r)
{
	unsigned pmtu;
	int hops, back;
	if (!tr_resume(r, &pmtu, &hops, &back)) {
		fprintf(r->f, "     Too many hops: pmtu %u\n     Resume: pmtu %u \n", pmtu, pmtu);
		return;
	}
	fprintf(r->f, "     Resume: pmtu %u hops %d ", pmtu, hops);
	if (back > 0)
		fprintf(r->f, "back %d ", back);
	fputc('\n', r->f);
}

/* text_end
 * The last line's newline; with --mtu, tracepath's summary. */
static void text_end(struct tr_run *r)
{
	fputc('\n', r->f);
	if (r->conf->mtu && !r->signal)
		text_resume(r);
	fflush(r->f);
}

/* text_header
 * The header, flushed at once (2.x shows it before the first answer). */
static void text_header(struct tr_run *r)
{
	tr_text_header(r);
	fflush(r->f);
}

const struct tr_output_ops tr_text_ops = {
	.header = text_header,
	.probe = text_probe,
	.hop_end = text_hop_end,
	.end = text_end,
};
