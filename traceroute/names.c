/* names.c — reverse names of the hops, looked up while the probes fly: PTR queries
 * on the event loop through common/dns (dns_query), to the nameservers of
 * /etc/resolv.conf in turn, with its timeout and attempts. The probe loop never
 * blocks; a hop is printed once its responder's name is known (or known to be
 * missing). /etc/hosts is not consulted (traceroute 2.x's getnameinfo() would). */
#include <stdlib.h>
#include <string.h>

#include "netdx/dns_conf.h"
#include "netdx/dns_msg.h"
#include "netdx/dns_query.h"
#include "netdx/dns_reverse.h"
#include "netdx/dns_type.h"
#include "tr.h"

#define NAMES_PORT 53
#define NAMES_MAX_TIMEOUT_MS 2000 /* per query: a slow resolver must not hold the trace */

/* One address and its lookup. */
struct tr_name {
	struct tr_name *next;     /* the list */
	struct tr_names *owner;   /* for the callback */
	struct netdx_addr addr;   /* whose name */
	bool done;                /* the lookup is over */
	char *name;               /* the name (NULL when there is none, or no memory) */
	struct dns_query *q;      /* the query in flight */
	struct dns_name qname;    /* what it asks (the query keeps a pointer to it) */
	unsigned tries;           /* queries sent so far */
};

struct tr_names {
	struct loop *loop;
	struct dns_conf conf;     /* resolv.conf */
	struct tr_name *list;     /* every address asked for */
	void (*ready)(void *);    /* a name became known */
	void *arg;
};

static void start(struct tr_name *e);

/* finish
 * The lookup is over: keep the name ("" for none) and tell the run. */
static void finish(struct tr_name *e, const char *name)
{
	e->q = NULL;
	e->done = true;
	e->name = name[0] ? strdup(name) : NULL;
	e->owner->ready(e->owner->arg);
}

/* ptr_of
 * The first PTR target in an answer, as text without the final dot, into buf. */
static bool ptr_of(const struct dns_msg *m, char *buf, size_t len)
{
	for (size_t i = 0; i < m->n[DNS_S_ANSWER]; i++) {
		const struct dns_rr *rr = &m->rr[DNS_S_ANSWER][i];
		struct dns_name target;
		size_t off = rr->rdoff;
		if (rr->type == DNS_T_PTR && rr->cls == DNS_C_IN &&
		    dns_name_unpack(m->wire, m->len, &off, &target) == DNS_OK) {
			dns_name_to_text(&target, buf, len, false);
			return true;
		}
	}
	return false;
}

/* on_answer
 * A final event of a PTR query: the name, none, or try again (next server). */
static void on_answer(void *arg, struct dns_query *q, struct dns_query_event *ev)
{
	struct tr_name *e = arg;
	char name[DNS_NAME_MAXTEXT];
	(void)q;
	if (ev->kind == DNS_QE_IGNORED || ev->kind == DNS_QE_TCP_RETRY)
		return;
	if (ev->kind == DNS_QE_ANSWER) {
		bool found = ptr_of(ev->msg, name, sizeof(name));
		unsigned rcode = ev->msg->rcode;
		dns_msg_free(ev->msg);
		if (found) {
			finish(e, name);
			return;
		}
		if (rcode == DNS_R_NOERROR || rcode == DNS_R_NXDOMAIN) {
			finish(e, ""); /* an authoritative "no name" */
			return;
		}
	}
	e->q = NULL;
	start(e);
}

/* start
 * Send the next query for e (servers in turn, attempts times each), or give up. */
static void start(struct tr_name *e)
{
	const struct dns_conf *c = &e->owner->conf;
	unsigned total = (unsigned)c->n_servers * (c->attempts ? c->attempts : 1);
	while (e->tries < total) {
		struct dns_query_opts o;
		memset(&o, 0, sizeof(o));
		o.server = c->servers[e->tries % c->n_servers];
		e->tries++;
		addr_set_port(&o.server, NAMES_PORT);
		if (dns_reverse_name(&e->addr, &e->qname) != DNS_OK)
			break;
		o.spec.name = &e->qname;
		o.spec.type = DNS_T_PTR;
		o.spec.cls = DNS_C_IN;
		o.spec.rd = true;
		o.tc_fallback = true;
		o.timeout_ms = c->timeout * 1000 < NAMES_MAX_TIMEOUT_MS ? c->timeout * 1000
								   : NAMES_MAX_TIMEOUT_MS;
		e->q = dns_query_start(e->owner->loop, &o, on_answer, e);
		if (e->q)
			return;
	}
	finish(e, "");
}

struct tr_names *tr_names_new(struct loop *loop, void (*ready)(void *), void *arg)
{
	struct tr_names *n = calloc(1, sizeof(*n));
	if (!n)
		return NULL;
	n->loop = loop;
	n->ready = ready;
	n->arg = arg;
	if (dns_conf_load(DNS_CONF_PATH, false, &n->conf, NULL) != DNS_OK)
		dns_conf_init(&n->conf);
	if (n->conf.n_servers == 0) { /* resolv.conf's default, as glibc */
		addr_parse_literal("127.0.0.1", AF_INET, &n->conf.servers[0]);
		n->conf.n_servers = 1;
	}
	return n;
}

void tr_names_free(struct tr_names *n)
{
	if (!n)
		return;
	while (n->list) {
		struct tr_name *e = n->list;
		n->list = e->next;
		if (e->q)
			dns_query_cancel(e->q);
		free(e->name);
		free(e);
	}
	free(n);
}

/* find
 * The entry for a, or NULL. */
static struct tr_name *find(struct tr_names *n, const struct netdx_addr *a)
{
	for (struct tr_name *e = n->list; e; e = e->next)
		if (addr_equal(&e->addr, a))
			return e;
	return NULL;
}

void tr_names_want(struct tr_names *n, const struct netdx_addr *a)
{
	if (!a->len || find(n, a))
		return;
	struct tr_name *e = calloc(1, sizeof(*e));
	if (!e)
		return; /* tr_names_get then says "no name": the address is printed */
	e->owner = n;
	e->addr = *a;
	e->next = n->list;
	n->list = e;
	start(e);
}

const char *tr_names_get(struct tr_names *n, const struct netdx_addr *a)
{
	struct tr_name *e = find(n, a);
	if (!e)
		return "";
	if (!e->done)
		return NULL;
	return e->name ? e->name : "";
}
