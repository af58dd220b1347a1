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
	return ok;
}

void ts_census_free(struct ts_census *c)
{
	for (unsigned st = 0; st < TCP_DIAG_NSTATES; st++) {
		ts_table_free(&c->ports[st]);
		ts_table_free(&c->peers[st]);
		ts_table_free(&c->dests[st]);
	}
	free(c->listeners);
	c->listeners = NULL;
}
