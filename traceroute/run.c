/* run.c — the trace: probes for every TTL go out in traceroute 2.x's order, up to -N
 * in flight at once; each waits only as long as the RTTs around it justify
 * (hops_wait_ns: HERE × its own hop's, NEAR × a later hop's, at least a second past
 * every answer, never more than MAX); the trace ends as soon as every probe up to the
 * destination's TTL is decided. Results print in order, each as soon as it and every
 * probe before it are decided and its responder's name is known. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netdx/zpages.h"
#include "tr.h"

#define BEYOND_MIN_NS 1000000000ull /* least wait past every answer so far */

struct tr_probe *tr_probe_at(const struct tr_run *r, int ttl, unsigned i)
{
	return &r->probes[(size_t)(ttl - r->conf->first_ttl) * (size_t)r->conf->queries + i];
}

uint64_t tr_wait_ns(const struct tr_run *r, int ttl)
{
	const struct tr_conf *c = r->conf;
	struct hops_wait w = {
		.max_ns = (uint64_t)(c->wait_max_s * 1e9),
		.here = c->wait_here,
		.near = c->wait_near,
		.beyond_min_ns = BEYOND_MIN_NS,
	};
	return hops_wait_ns(&r->hops, ttl, &w);
}

/* give_up
 * No answer in time: the probe prints "*". */
static void give_up(struct tr_run *r, struct tr_probe *p)
{
	p->state = TR_DONE;
	p->answered = false;
	p->kind = TR_NONE;
	r->in_flight--;
}

/* set_end
 * A final answer at ttl: nothing after that TTL is needed. */
static void set_end(struct tr_run *r, int ttl)
{
	size_t end = (size_t)(ttl - r->conf->first_ttl + 1) * (size_t)r->conf->queries;
	if (end >= r->end)
		return;
	/* probes past the end still in flight are no longer waited for */
	for (size_t i = end; i < r->end && i < r->next_send; i++)
		if (r->probes[i].state == TR_SENT) {
			r->probes[i].state = TR_DONE;
			r->in_flight--;
		}
	r->end = end;
}

/* shrink
 * --mtu: a probe was too big for mtu; later probes carry mtu bytes, this one goes
 * again. False when mtu does not make the probe smaller (then it is an answer). */
static bool shrink(struct tr_run *r, struct tr_probe *p, unsigned mtu)
{
	if (!r->conf->mtu || mtu < r->header_len || mtu >= r->packet_len)
		return false;
	if (probe_set_payload_len(r->engine, mtu - r->header_len) < 0)
		return false;
	r->packet_len = mtu;
	r->pending_mtu = mtu;
	p->state = TR_UNSENT;
	size_t idx = (size_t)(p - r->probes);
	if (idx < r->next_send)
		r->next_send = idx;
	return true;
}

/* local_refusal
 * The kernel would not send p for its size (a method without a local error of its
 * own): the interface's MTU, as "!F-<mtu>", or --mtu's next size. */
static void local_refusal(struct tr_run *r, struct tr_probe *p)
{
	unsigned mtu = r->device_mtu;
	if (shrink(r, p, mtu))
		return;
	p->state = TR_DONE;
	p->answered = true;
	p->kind = TR_STOPPED;
	memset(&p->from, 0, sizeof(p->from));
	p->rtt_ms = 0;
	p->reply_ttl = -1;
	p->icmp_type = p->icmp_code = -1;
	snprintf(p->note, sizeof(p->note), "!F-%u", mtu);
	set_end(r, p->ttl);
}

static void arm_wait(struct tr_run *r);

static void on_send_timer(void *arg);

static void settle_soon(struct tr_run *r);

/* end_may_wait
 * Did the last send find an ICMP error other than time exceeded (the kernel's
 * EHOSTUNREACH) pending? On a path without delay the answer to a probe arrives while
 * the next is sent: then it is likely the destination's port unreachable, which ends
 * the trace. Once it is read, no probe goes past the destination's TTL. */
static bool end_may_wait(const struct tr_run *r)
{
	int met = probe_engine_sock(r->engine)->met_error;
	return met != 0 && met != EHOSTUNREACH;
}

/* pump
 * Send what may be sent now: up to -N in flight, -z apart, none past the end, none
 * while an answer that may end the trace waits to be read. */
static void pump(struct tr_run *r)
{
	while (r->in_flight < (unsigned)r->conf->sim && r->next_send < r->end && !r->failed) {
		struct tr_probe *p = &r->probes[r->next_send];
		if (p->state != TR_UNSENT) {
			r->next_send++;
			continue;
		}
		uint64_t now = loop_now_ns();
		uint64_t gap = (uint64_t)(r->conf->sendwait_ms * 1e6);
		if (gap && r->last_send_ns && now < r->last_send_ns + gap) {
			loop_timer_arm(r->loop, &r->send_timer, r->last_send_ns + gap,
				       on_send_timer, r);
			return;
		}
		p->ttl = r->conf->first_ttl + (int)(r->next_send / (size_t)r->conf->queries);
		uint64_t number;
		void *cookie = (void *)(uintptr_t)r->next_send;
		if (probe_send(r->engine, &r->dst, p->ttl, cookie, &number) < 0) {
			if (errno == EBUSY)
				return; /* the engine's window is full: an answer frees it */
			if (errno == EMSGSIZE) {
				local_refusal(r, p);
				continue;
			}
			r->failed = true;
			r->send_errno = errno;
			return;
		}
		p->state = TR_SENT;
		p->number = number;
		p->sent_ns = now;
		p->packet_len = r->packet_len;
		r->in_flight++;
		r->last_send_ns = now;
		hops_sent(&r->hops, p->ttl);
		r->next_send++;
		if (end_may_wait(r)) {
			settle_soon(r); /* on again once the loop has read what waits */
			return;
		}
	}
}

/* on_send_timer
 * -z: the pause before the next probe is over. */
static void on_send_timer(void *arg)
{
	struct tr_run *r = arg;
	pump(r);
	arm_wait(r);
	tr_run_print(r);
}

/* on_wait
 * Give up every probe whose wait (as known now) is over. */
static void on_wait(void *arg)
{
	struct tr_run *r = arg;
	uint64_t now = loop_now_ns();
	for (size_t i = r->next_print; i < r->end && i < r->next_send; i++) {
		struct tr_probe *p = &r->probes[i];
		if (p->state == TR_SENT && p->sent_ns + tr_wait_ns(r, p->ttl) <= now)
			give_up(r, p);
	}
	pump(r);
	arm_wait(r);
	tr_run_print(r);
}

/* arm_wait
 * The timer for the earliest wait to end among the probes in flight. */
static void arm_wait(struct tr_run *r)
{
	uint64_t first = 0;
	for (size_t i = r->next_print; i < r->end && i < r->next_send; i++) {
		const struct tr_probe *p = &r->probes[i];
		if (p->state != TR_SENT)
			continue;
		uint64_t when = p->sent_ns + tr_wait_ns(r, p->ttl);
		if (!first || when < first)
			first = when;
	}
	if (first)
		loop_timer_arm(r->loop, &r->wait_timer, first, on_wait, r);
	else
		loop_timer_disarm(r->loop, &r->wait_timer);
}

/* on_settle
 * After a batch of answers: send what may go now, re-arm the wait, print. */
static void on_settle(void *arg)
{
	struct tr_run *r = arg;
	pump(r);
	arm_wait(r);
	tr_run_print(r);
}

/* settle_soon
 * Act on answers once the loop has read every one pending (a zero-delay timer runs
 * after the descriptors): sends go out in one batch, and none is sent while ICMP
 * errors still wait in the socket's queue (the kernel would fail it with their
 * error first). */
static void settle_soon(struct tr_run *r)
{
	if (!loop_timer_armed(&r->settle_timer))
		loop_timer_arm(r->loop, &r->settle_timer, loop_now_ns(), on_settle, r);
}

/* tr_run_on_result
 * An engine result: fold it into its probe, then send, re-arm and print. */
void tr_run_on_result(void *arg, const struct probe_result *res)
{
	struct tr_run *r = arg;
	size_t idx = (size_t)(uintptr_t)res->cookie;
	if (res->event == PROBE_SEND_FAILED || idx >= r->end)
		return; /* past the destination's TTL: no longer needed */
	struct tr_probe *p = &r->probes[idx];
	if (res->number != p->number || res->event == PROBE_DUPLICATE)
		return; /* an answer to a probe sent again (--mtu), or a second one */
	if (p->state != TR_SENT) {
		if (res->event != PROBE_TIMEOUT)
			r->late++;
		return;
	}
	if (res->event == PROBE_TIMEOUT) {
		give_up(r, p);
	} else {
		r->in_flight--;
		if (res->msg && res->msg->kind == ICMP_KIND_PACKET_TOO_BIG &&
		    shrink(r, p, res->msg->mtu)) {
			settle_soon(r);
			return;
		}
		tr_classify(r, res, p);
		p->state = TR_DONE;
		if (r->pending_mtu) {
			p->new_mtu = r->pending_mtu;
			r->pending_mtu = 0;
		}
		if (p->from.len)
			hops_answer(&r->hops, p->ttl, p->number, &p->from, p->rtt_ms, res->msg,
				    p->kind == TR_REACHED, false);
		if (p->kind == TR_REACHED || p->kind == TR_STOPPED) {
			r->reached |= p->kind == TR_REACHED;
			set_end(r, p->ttl);
		}
		if (r->names && p->from.len)
			names_want(r->names, &p->from);
		if (r->asn && p->from.len)
			asn_want(r->asn, &p->from);
	}
	settle_soon(r);
}

void tr_run_print(struct tr_run *r)
{
	unsigned q = (unsigned)r->conf->queries;
	while (r->next_print < r->end) {
		const struct tr_probe *p = &r->probes[r->next_print];
		if (p->state != TR_DONE)
			break;
		if (r->names && p->answered && p->from.len && !names_get(r->names, &p->from))
			break; /* its name is on the way */
		if (r->asn && p->answered && p->from.len && !asn_done(r->asn, &p->from))
			break; /* and its AS */
		unsigned i = (unsigned)(r->next_print % q);
		r->out->probe(r, p, i);
		r->next_print++;
		if (i == q - 1 || r->next_print == r->end)
			r->out->hop_end(r, p->ttl);
	}
	fflush(r->f);
	if (r->next_print >= r->end || r->failed)
		loop_stop(r->loop);
}

int tr_run_trace(struct tr_run *r)
{
	const struct tr_conf *c = r->conf;
	r->n_probes = (size_t)(c->max_ttl - c->first_ttl + 1) * (size_t)c->queries;
	/* zeroed (TR_UNSENT), paged in as probes go out: a path is often shorter than -m */
	r->probes = zpages_new(r->n_probes, sizeof(*r->probes));
	if (!r->probes)
		return -1;
	r->end = r->n_probes;
	r->print = tr_run_print;
	r->start_ns = loop_now_ns();
	r->out->header(r);
	pump(r);
	arm_wait(r);
	tr_run_print(r);
	if (r->next_print < r->end && !r->failed)
		loop_run(r->loop);
	r->end_ns = loop_now_ns();
	if (!r->failed)
		r->out->end(r);
	return 0;
}
