/* census.c — adding up sockets as the dump streams them (see census.h). */
#include "census.h"

#include <stdlib.h>
#include <string.h>

bool ts_census_init(struct ts_census *c)
{
	memset(c, 0, sizeof(*c));
	c->listeners = calloc(TS_LISTENERS_MAX, sizeof(*c->listeners));
	return c->listeners != NULL;
}

/* add_listener
 * Keep a listener's queue and owner (or only count it when the list is full). */
static void add_listener(struct ts_census *c, const struct tcp_diag_sock *s,
			 const struct sock_owner *owner)
{
	if (c->nlisteners == TS_LISTENERS_MAX) {
		c->listeners_more++;
		return;
	}
	struct ts_listener *l = &c->listeners[c->nlisteners++];
	l->family = s->family;
	memcpy(l->addr, s->local, sizeof(l->addr));
	l->port = s->lport;
	l->waiting = s->rqueue;
	l->backlog = s->wqueue;
	if (owner)
		l->who = *owner;
}

/* key_of
 * A table key: the address (if addr is not NULL) and the port. */
static struct ts_key key_of(int family, const uint8_t *addr, uint16_t port)
{
	struct ts_key k = {.family = (uint8_t)family, .port = port};
	if (addr)
		memcpy(k.addr, addr, sizeof(k.addr));
	return k;
}

/* holder_key
 * A table key that stands for a process. */
static struct ts_key holder_key(const struct sock_owner *owner)
{
	struct ts_key k = {.family = TS_KEY_PROCESS};
	memcpy(k.addr, &owner->pid, sizeof(owner->pid));
	return k;
}

/* idle_no_keepalive
 * An ESTABLISHED socket with no timer at all (no keepalive, nothing to retransmit) that
 * has neither sent nor received data for at least min_ms. */
static bool idle_no_keepalive(const struct tcp_diag_sock *s, uint32_t min_ms)
{
	return s->state == TCP_DIAG_ESTABLISHED && s->have_idle && s->timer == 0 &&
	       s->last_sent_ms >= min_ms && s->last_recv_ms >= min_ms;
}

/* add_extras
 * What only some sockets add: their process, an orphan, an idle connection. */
static bool add_extras(struct ts_census *c, const struct tcp_diag_sock *s,
		       const struct sock_owner *owner)
{
	bool ok = true;
	if (owner) {
		struct ts_key k = holder_key(owner);
		ok = ts_table_add(&c->holders[s->state], &k, owner);
	}
	if (!s->inode)
		c->orphans[s->state]++;
	if (ok && idle_no_keepalive(s, c->idle_min_ms)) {
		uint32_t idle = s->last_sent_ms;
		if (s->last_recv_ms < idle)
			idle = s->last_recv_ms;
		if (idle > c->idle_max_ms)
			c->idle_max_ms = idle;
		c->idle_count++;
		struct ts_key peer = key_of(s->family, s->remote, 0);
		ok = ts_table_add(&c->idle, &peer, owner);
	}
	return ok;
}

bool ts_census_add(struct ts_census *c, const struct tcp_diag_sock *s,
		   const struct sock_owner *owner)
{
	unsigned st = s->state;
	if (st >= TCP_DIAG_NSTATES)
		return true;
	c->count[st][s->family == AF_INET6]++;
	c->total++;
	if (st == TCP_DIAG_LISTEN)
		add_listener(c, s, owner);
	struct ts_key port = key_of(s->family, NULL, s->lport);
	bool ok = ts_table_add(&c->ports[st], &port, owner);
	if (ok && st != TCP_DIAG_LISTEN) {
		struct ts_key peer = key_of(s->family, s->remote, 0);
		ok = ts_table_add(&c->peers[st], &peer, owner);
	}
	if (ok && (st == TCP_DIAG_TIME_WAIT || st == TCP_DIAG_SYN_SENT)) {
		struct ts_key dest = key_of(s->family, s->remote, s->rport);
		ok = ts_table_add(&c->dests[st], &dest, owner);
	}
	return ok && add_extras(c, s, owner);
}

void ts_census_free(struct ts_census *c)
{
	for (unsigned st = 0; st < TCP_DIAG_NSTATES; st++) {
		ts_table_free(&c->ports[st]);
		ts_table_free(&c->peers[st]);
		ts_table_free(&c->dests[st]);
		ts_table_free(&c->holders[st]);
	}
	ts_table_free(&c->idle);
	free(c->listeners);
	c->listeners = NULL;
}
