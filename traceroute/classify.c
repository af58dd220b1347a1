/* classify.c — what an answer means for the trace, in traceroute 2.x's terms: a
 * router on the way (time exceeded), the destination (port unreachable, echo reply,
 * SYN-ACK or RST, a service's reply), or an error that ends the trace with its mark
 * (!H !N !P !X !F-<mtu> !S !V !C !<code> !<type-code>). */
#include <stdio.h>
#include <string.h>

#include "tr.h"

/* note_for
 * The mark an ICMP error gets, and whether it means "arrived" ("" for port
 * unreachable, as 2.x prints nothing there). */
static void note_for(int family, const struct icmp_msg *m, char *note, size_t len)
{
	char buf[TR_NOTE_LEN];
	switch (m->kind) {
	case ICMP_KIND_UNREACH:
		snprintf(note, len, "%s",
			 icmp_unreach_annotation(family, m->code, buf, sizeof(buf)));
		break;
	case ICMP_KIND_PACKET_TOO_BIG:
		snprintf(note, len, "!F-%u", m->mtu);
		break;
	default:
		snprintf(note, len, "!<%u-%u>", m->type, m->code);
		break;
	}
}

void tr_classify(const struct tr_run *r, const struct probe_result *res, struct tr_probe *p)
{
	const struct icmp_msg *m = res->msg;
	p->answered = true;
	p->from = res->from;
	p->rtt_ms = res->rtt_ms;
	p->reply_ttl = res->reply_ttl;
	p->tcp_flags = res->tcp_flags;
	p->icmp_type = p->icmp_code = -1;
	p->note[0] = '\0';
	p->n_mpls = 0;
	if (res->event == PROBE_REPLY) {
		if (r->conf->method == TR_ICMP && m) {
			p->icmp_type = m->type;
			p->icmp_code = m->code;
		}
		p->kind = TR_REACHED;
		return;
	}
	p->icmp_type = m->type;
	p->icmp_code = m->code;
	p->n_mpls = m->n_mpls;
	memcpy(p->mpls, m->mpls, m->n_mpls * sizeof(m->mpls[0]));
	if (m->kind == ICMP_KIND_TIME_EXCEEDED && m->code == 0) {
		p->kind = TR_TRANSIT;
		return;
	}
	note_for(r->dst.ss.ss_family, m, p->note, sizeof(p->note));
	/* Port unreachable (no mark) means the probe arrived, whoever says so; any final
	 * error from the destination itself also means it got there. */
	p->kind = p->note[0] == '\0' || addr_equal(&p->from, &r->dst) ? TR_REACHED : TR_STOPPED;
}
