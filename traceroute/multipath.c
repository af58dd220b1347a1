/* multipath.c — --multipath: every next hop at each TTL, found with the stopping rule
 * of the Multipath Detection Algorithm (Augustin, Friedman, Teixeira: "Measuring
 * load-balanced paths in the Internet", IMC 2007).
 *
 * Every probe has a flow of its own (UDP: its own destination port; ICMP: its own
 * checksum), so a load balancer spreads them over its next hops. Having seen K
 * responders at a TTL, we keep probing it until n(K) probes have answered, the least
 * n for which K+1 next hops (spread evenly, the hardest case) would all have shown up
 * but with probability 1 - confidence: (K+1) (K/(K+1))^n <= 1 - confidence, so n(1) =
 * 6, n(2) = 11, n(3) = 16 at 95%. The confidence is per hop. A TTL that does not
 * answer its first -q probes is silent. All TTLs are probed at once (-N in flight),
 * up to the first TTL the destination answers at. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "netdx/out.h"
#include "netdx/num.h"
#include "tr.h"

/* One TTL's probing. */
struct mp_hop {
	struct tr_probe *probes; /* every probe sent to it, in order */
	size_t n, cap;           /* used, allocated */
	unsigned in_flight;
	unsigned answered;
	unsigned lost;
	bool done; /* enough answers (or silent, or the cap) */
	bool printed;
};

/* The multipath run's state (r->mp). */
struct mp {
	struct mp_hop *hop; /* [ttl - first_ttl] */
	int last_ttl;       /* highest TTL still needed */
	int next_print;     /* next TTL to print */
	struct loop_timer wait_timer;
	struct loop_timer settle_timer; /* acts on a batch of answers (see run.c) */
	json_t *doc, *hops;             /* --json */
};

/* needed
 * n(K): answers wanted at a TTL where K responders showed up (at least -q). */
static unsigned needed(const struct tr_run *r, unsigned k)
{
	double alpha = 1 - r->conf->confidence / 100;
	unsigned q = (unsigned)r->conf->queries;
	if (k == 0)
		return q;
	double n = num_ceil(num_log(alpha / (k + 1)) / num_log((double)k / (k + 1)));
	return n < q ? q : (unsigned)n;
}

/* responders
 * Distinct addresses that answered at this TTL (the hops table keeps 8, and counts
 * the rest as one more). */
static unsigned responders(const struct tr_run *r, int ttl)
{
	const struct hop *h = hops_at(&r->hops, ttl);
	return (unsigned)h->n_responders + (h->other_responders ? 1 : 0);
}

/* hop_of
 * The state of a TTL. */
static struct mp_hop *hop_of(const struct tr_run *r, int ttl)
{
	struct mp *m = r->mp;
	return &m->hop[ttl - r->conf->first_ttl];
}

/* update_done
 * Has this TTL seen enough? */
static void update_done(const struct tr_run *r, int ttl)
{
	struct mp_hop *h = hop_of(r, ttl);
	if (h->done || h->in_flight)
		return;
	unsigned q = (unsigned)r->conf->queries;
	h->done = (h->answered == 0 && h->lost >= q) ||
		  (h->answered >= needed(r, responders(r, ttl))) || h->n >= TR_MP_MAX_PER_TTL;
}

static void mp_arm(struct tr_run *r);

/* mp_pump
 * Send to every TTL that wants more answers, lowest first, -N in flight at most. */
static void mp_pump(struct tr_run *r)
{
	struct mp *m = r->mp;
	for (int ttl = r->conf->first_ttl; ttl <= m->last_ttl && !r->failed; ttl++) {
		struct mp_hop *h = hop_of(r, ttl);
		while (!h->done && r->in_flight < (unsigned)r->conf->sim &&
		       h->answered + h->in_flight < needed(r, responders(r, ttl)) &&
		       h->n < TR_MP_MAX_PER_TTL) {
			if (h->n == h->cap) {
				size_t cap = h->cap ? h->cap * 2 : 8;
				struct tr_probe *p = realloc(h->probes, cap * sizeof(*p));
				if (!p) {
					r->failed = true;
					r->send_errno = ENOMEM;
					return;
				}
				h->probes = p;
				h->cap = cap;
			}
			uint64_t number;
			void *cookie = (void *)(uintptr_t)((size_t)ttl << 16 | h->n);
			if (probe_send(r->engine, &r->dst, ttl, cookie, &number) < 0) {
				if (errno == EBUSY)
					return;
				r->failed = true;
				r->send_errno = errno;
				return;
			}
			struct tr_probe *p = &h->probes[h->n++];
			memset(p, 0, sizeof(*p));
			p->state = TR_SENT;
			p->ttl = ttl;
			p->number = number;
			p->sent_ns = loop_now_ns();
			p->packet_len = r->packet_len;
			h->in_flight++;
			r->in_flight++;
			hops_sent(&r->hops, ttl);
		}
	}
}

/* mp_print_hop
 * One TTL's line: each responder with its best RTT (and mark), then the tally. */
static void mp_print_hop(struct tr_run *r, int ttl)
{
	struct mp_hop *h = hop_of(r, ttl);
	const struct hop *hp = hops_at(&r->hops, ttl);
	fprintf(r->f, "\n%2d ", ttl);
	if (!h->answered) {
		for (size_t i = 0; i < h->n; i++)
			fputs(" *", r->f);
		fprintf(r->f, "  [%zu probe%s, no answer]", h->n, h->n == 1 ? "" : "s");
		return;
	}
	fputs("", r->f);
	for (size_t k = 0; k < hp->n_responders; k++) {
		const struct hop_responder *resp = &hp->responders[k];
		tr_text_addr(r, &resp->addr);
		fprintf(r->f, "  %.3f ms", resp->best_ms);
		for (size_t i = 0; i < h->n; i++)
			if (h->probes[i].answered && addr_equal(&h->probes[i].from, &resp->addr) &&
			    h->probes[i].note[0]) {
				fprintf(r->f, " %s", h->probes[i].note);
				break;
			}
	}
	fprintf(r->f, "  [%zu probes:", h->n);
	for (size_t k = 0; k < hp->n_responders; k++)
		fprintf(r->f, "%s %llu", k ? " +" : "",
			(unsigned long long)hp->responders[k].received);
	if (hp->other_responders)
		fprintf(r->f, " + %llu from others", (unsigned long long)hp->other_responders);
	if (h->lost)
		fprintf(r->f, ", %u lost", h->lost);
	fputc(']', r->f);
}

/* mp_json_hop
 * One TTL in the document: its probes and its responders. */
static void mp_json_hop(struct tr_run *r, int ttl)
{
	struct mp *m = r->mp;
	struct mp_hop *h = hop_of(r, ttl);
	const struct hop *hp = hops_at(&r->hops, ttl);
	json_t *o = json_object(), *probes = json_array(), *resp = json_array();
	out_json_set(o, "ttl", json_integer(ttl));
	for (size_t i = 0; i < h->n; i++)
		json_array_append_new(probes, tr_json_probe(r, &h->probes[i]));
	for (size_t k = 0; k < hp->n_responders; k++) {
		json_t *x = json_object();
		char text[ADDR_STRLEN];
		addr_to_str(&hp->responders[k].addr, text, sizeof(text));
		out_json_set(x, "addr", json_string(text));
		const char *name = r->names ? names_get(r->names, &hp->responders[k].addr) : NULL;
		out_json_set(x, "name", name && name[0] ? json_string(name) : json_null());
		out_json_set(x, "probes", json_integer((json_int_t)hp->responders[k].received));
		out_json_set(x, "best_ms", out_json_ms(hp->responders[k].best_ms));
		json_array_append_new(resp, x);
	}
	out_json_set(o, "probes", probes);
	out_json_set(o, "responders", resp);
	json_array_append_new(m->hops, o);
}

/* names_known
 * Are the names and ASes of every responder at this TTL known (or not wanted)? */
static bool names_known(const struct tr_run *r, int ttl)
{
	const struct hop *hp = hops_at(&r->hops, ttl);
	for (size_t k = 0; k < hp->n_responders; k++)
		if ((r->names && !names_get(r->names, &hp->responders[k].addr)) ||
		    (r->asn && !asn_done(r->asn, &hp->responders[k].addr)))
			return false;
	return true;
}

/* mp_print
 * Print every finished TTL in order; stop the loop after the last. */
static void mp_print(struct tr_run *r)
{
	struct mp *m = r->mp;
	while (m->next_print <= m->last_ttl) {
		int ttl = m->next_print;
		if (!hop_of(r, ttl)->done || !names_known(r, ttl))
			break;
		if (r->conf->json)
			mp_json_hop(r, ttl);
		else
			mp_print_hop(r, ttl);
		fflush(r->f);
		m->next_print++;
	}
	if (m->next_print > m->last_ttl || r->failed)
		loop_stop(r->loop);
}

/* mp_step
 * After any change: finish TTLs, send more, re-arm, print. */
static void mp_step(struct tr_run *r)
{
	struct mp *m = r->mp;
	for (int ttl = r->conf->first_ttl; ttl <= m->last_ttl; ttl++)
		update_done(r, ttl);
	mp_pump(r);
	mp_arm(r);
	mp_print(r);
}

/* mp_on_wait
 * Give up the probes whose wait is over. */
static void mp_on_wait(void *arg)
{
	struct tr_run *r = arg;
	struct mp *m = r->mp;
	uint64_t now = loop_now_ns();
	for (int ttl = r->conf->first_ttl; ttl <= m->last_ttl; ttl++) {
		struct mp_hop *h = hop_of(r, ttl);
		uint64_t wait = tr_wait_ns(r, ttl);
		for (size_t i = 0; i < h->n; i++) {
			struct tr_probe *p = &h->probes[i];
			if (p->state == TR_SENT && p->sent_ns + wait <= now) {
				p->state = TR_DONE;
				h->in_flight--;
				h->lost++;
				r->in_flight--;
			}
		}
	}
	mp_step(r);
}

/* mp_arm
 * The timer for the earliest wait to end among the probes in flight. */
static void mp_arm(struct tr_run *r)
{
	struct mp *m = r->mp;
	uint64_t first = 0;
	for (int ttl = r->conf->first_ttl; ttl <= m->last_ttl; ttl++) {
		struct mp_hop *h = hop_of(r, ttl);
		uint64_t wait = tr_wait_ns(r, ttl);
		for (size_t i = 0; h->in_flight && i < h->n; i++)
			if (h->probes[i].state == TR_SENT &&
			    (!first || h->probes[i].sent_ns + wait < first))
				first = h->probes[i].sent_ns + wait;
	}
	if (first)
		loop_timer_arm(r->loop, &m->wait_timer, first, mp_on_wait, r);
	else
		loop_timer_disarm(r->loop, &m->wait_timer);
}

/* mp_settle
 * Once the pending answers are read: act on them together. */
static void mp_settle(void *arg)
{
	mp_step(arg);
}

void tr_multipath_on_result(void *arg, const struct probe_result *res)
{
	struct tr_run *r = arg;
	struct mp *m = r->mp;
	uintptr_t cookie = (uintptr_t)res->cookie;
	int ttl = (int)(cookie >> 16);
	size_t i = cookie & 0xffff;
	if (res->event == PROBE_SEND_FAILED || res->event == PROBE_DUPLICATE ||
	    ttl < r->conf->first_ttl || ttl > r->conf->max_ttl)
		return;
	struct mp_hop *h = hop_of(r, ttl);
	if (i >= h->n || h->probes[i].number != res->number)
		return;
	struct tr_probe *p = &h->probes[i];
	if (p->state != TR_SENT) {
		r->late += res->event != PROBE_TIMEOUT;
		return;
	}
	p->state = TR_DONE;
	h->in_flight--;
	r->in_flight--;
	if (res->event == PROBE_TIMEOUT) {
		h->lost++;
	} else {
		tr_classify(r, res, p);
		h->answered++;
		if (p->from.len) {
			hops_answer(&r->hops, ttl, p->number, &p->from, p->rtt_ms, res->msg,
				    p->kind == TR_REACHED, false);
			if (r->names)
				names_want(r->names, &p->from);
		}
		if ((p->kind == TR_REACHED || p->kind == TR_STOPPED) && ttl < m->last_ttl) {
			r->reached |= p->kind == TR_REACHED;
			m->last_ttl = ttl; /* nothing past the destination */
		} else if (p->kind == TR_REACHED) {
			r->reached = true;
		}
	}
	if (!loop_timer_armed(&m->settle_timer))
		loop_timer_arm(r->loop, &m->settle_timer, loop_now_ns(), mp_settle, r);
}

int tr_multipath_trace(struct tr_run *r)
{
	const struct tr_conf *c = r->conf;
	struct mp *m = calloc(1, sizeof(*m));
	if (!m)
		return -1;
	m->hop = calloc((size_t)(c->max_ttl - c->first_ttl + 1), sizeof(*m->hop));
	if (!m->hop) {
		free(m);
		return -1;
	}
	r->mp = m;
	m->last_ttl = c->max_ttl;
	m->next_print = c->first_ttl;
	r->print = mp_print;
	r->start_ns = loop_now_ns();
	if (c->json) {
		m->doc = tr_json_head(r);
		out_json_set(m->doc, "multipath", json_true());
		out_json_set(m->doc, "confidence", json_real(c->confidence));
		m->hops = json_array();
		out_json_set(m->doc, "hops", m->hops);
	} else {
		tr_text_header(r);
		fprintf(r->f, ", multipath: every next hop per TTL, %g%% confidence",
			c->confidence);
		fflush(r->f);
	}
	mp_step(r);
	if (m->next_print <= m->last_ttl && !r->failed)
		loop_run(r->loop);
	r->end_ns = loop_now_ns();
	loop_timer_disarm(r->loop, &m->wait_timer);
	loop_timer_disarm(r->loop, &m->settle_timer);
	if (!r->failed) {
		if (c->json) {
			tr_json_tail(r, m->doc);
			out_json_emit(r->f, m->doc, false);
		} else {
			fputc('\n', r->f);
			fflush(r->f);
		}
	} else if (m->doc) {
		json_decref(m->doc);
	}
	for (int t = 0; t <= c->max_ttl - c->first_ttl; t++)
		free(m->hop[t].probes);
	free(m->hop);
	free(m);
	r->mp = NULL;
	return 0;
}
