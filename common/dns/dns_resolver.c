/* dns_resolver.c — asynchronous stub resolver (see netdx/dns_resolver.h). */
#include "netdx/dns_resolver.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "netdx/dns_query.h"
#include "netdx/dns_reverse.h"

#define RES_MAX_NAMES (DNS_CONF_MAXSEARCH + 1)

struct dns_resolver {
	struct loop *loop;
	struct dns_conf conf;       /* copy, servers without port */
	uint16_t port;              /* 53 */
	unsigned rotor;             /* rotate: where the next resolution starts */
	struct dns_resolve *active; /* running resolutions (list) */
	unsigned pending;
};

struct dns_resolve {
	struct dns_resolver *r;
	struct dns_resolve *next; /* in r->active */
	struct dns_resolve *prev;
	dns_resolve_cb cb;
	void *arg;
	uint16_t type;
	size_t n_names; /* candidate names, in the order to try */
	struct dns_name names[RES_MAX_NAMES];
	size_t ni;              /* candidate being tried */
	unsigned attempt;       /* round over the servers */
	size_t tries;           /* servers asked in this round */
	size_t first;           /* server the rounds start at (rotate) */
	struct dns_query *q;    /* the query in flight */
	struct dns_msg *nodata; /* best answer so far without data */
	struct dns_name nodata_name;
	struct netdx_addr nodata_server;
	struct dns_msg *nxdomain; /* the last NXDOMAIN */
	struct dns_name nxdomain_name;
	struct netdx_addr nxdomain_server;
	bool any_timeout;         /* some query timed out */
	unsigned queries;         /* sent so far */
	struct loop_timer t_done; /* delivers a result without a query (bad name) */
};

/* dns_resolver_new
 * Copy the configuration; with no nameserver, ask 127.0.0.1 as glibc does. */
struct dns_resolver *dns_resolver_new(struct loop *loop, const struct dns_conf *conf)
{
	struct dns_resolver *r = calloc(1, sizeof(*r));

	if (r == NULL)
		return NULL;
	r->loop = loop;
	r->conf = *conf;
	r->port = 53;
	if (r->conf.n_servers == 0) {
		addr_parse_literal("127.0.0.1", AF_INET, &r->conf.servers[0]);
		r->conf.n_servers = 1;
	}
	if (r->conf.attempts == 0)
		r->conf.attempts = 1;
	if (r->conf.timeout == 0)
		r->conf.timeout = 1;
	return r;
}

/* dns_resolver_set_port
 * The port every server is asked on (tests use another). */
void dns_resolver_set_port(struct dns_resolver *r, uint16_t port)
{
	r->port = port;
}

/* dns_resolver_pending
 * Resolutions started and not yet finished or cancelled. */
unsigned dns_resolver_pending(const struct dns_resolver *r)
{
	return r->pending;
}

/* res_free
 * Take a resolution off the active list and free it. */
static void res_free(struct dns_resolve *res)
{
	struct dns_resolver *r = res->r;

	if (res->prev)
		res->prev->next = res->next;
	else
		r->active = res->next;
	if (res->next)
		res->next->prev = res->prev;
	r->pending--;
	loop_timer_disarm(r->loop, &res->t_done);
	dns_msg_free(res->nodata);
	dns_msg_free(res->nxdomain);
	free(res);
}

/* res_finish
 * Hand the result over and free the resolution. */
static void res_finish(struct dns_resolve *res, enum dns_resolve_status st, struct dns_msg *msg,
		       const struct dns_name *qname, const struct netdx_addr *server)
{
	struct dns_resolve_result out = {.status = st, .msg = msg, .queries = res->queries};

	if (qname)
		out.qname = *qname;
	if (server)
		out.server = *server;
	if (msg == res->nodata)
		res->nodata = NULL;
	if (msg == res->nxdomain)
		res->nxdomain = NULL;
	dns_resolve_cb cb = res->cb;
	void *arg = res->arg;
	res_free(res);
	cb(arg, &out);
}

static void res_next_server(struct dns_resolve *res);
static void res_on_event(void *arg, struct dns_query *q, struct dns_query_event *ev);

/* res_send
 * Ask the current server for the current name. */
static void res_send(struct dns_resolve *res)
{
	struct dns_resolver *r = res->r;
	size_t si = (res->first + res->tries) % r->conf.n_servers;
	struct dns_query_opts o = {.server = r->conf.servers[si],
				   .tc_fallback = true,
				   .timeout_ms = r->conf.timeout * 1000u};

	addr_set_port(&o.server, r->port);
	o.spec = (struct dns_query_spec){.name = &res->names[res->ni],
					 .type = res->type,
					 .cls = 1,
					 .rd = true,
					 .edns = r->conf.edns0,
					 .udp_size = 1232};
	res->queries++;
	res->q = dns_query_start(r->loop, &o, res_on_event, res);
	if (res->q == NULL)
		res_next_server(res);
}

/* res_next_name
 * This name is done without an answer with data: the next candidate, or the end. */
static void res_next_name(struct dns_resolve *res)
{
	if (res->ni + 1 < res->n_names) {
		res->ni++;
		res->attempt = 0;
		res->tries = 0;
		res_send(res);
		return;
	}
	if (res->nodata)
		res_finish(res, DNS_RS_ANSWER, res->nodata, &res->nodata_name, &res->nodata_server);
	else if (res->nxdomain)
		res_finish(res, DNS_RS_ANSWER, res->nxdomain, &res->nxdomain_name,
			   &res->nxdomain_server);
	else
		res_finish(res, res->any_timeout ? DNS_RS_TIMEOUT : DNS_RS_FAILED, NULL, NULL,
			   NULL);
}

/* res_next_server
 * The server failed: the next one, the next round, or give up on this name. */
static void res_next_server(struct dns_resolve *res)
{
	struct dns_resolver *r = res->r;

	res->q = NULL;
	if (++res->tries < r->conf.n_servers) {
		res_send(res);
		return;
	}
	res->tries = 0;
	if (++res->attempt < r->conf.attempts) {
		res_send(res);
		return;
	}
	/* no server gave an answer for this name: stop here, as the resolver cannot
	 * tell whether the name exists */
	res->ni = res->n_names - 1;
	res_next_name(res);
}

/* res_on_event
 * A query of a resolution settled: an answer with data ends it, no data or NXDOMAIN
 * moves to the next name, anything else to the next server. */
static void res_on_event(void *arg, struct dns_query *q, struct dns_query_event *ev)
{
	struct dns_resolve *res = arg;
	struct dns_resolver *r = res->r;
	size_t si = (res->first + res->tries) % r->conf.n_servers;
	struct netdx_addr server = r->conf.servers[si];
	(void)q;

	if (ev->kind == DNS_QE_IGNORED || ev->kind == DNS_QE_TCP_RETRY)
		return;
	res->q = NULL;
	if (ev->kind == DNS_QE_TIMEOUT)
		res->any_timeout = true;
	if (ev->kind != DNS_QE_ANSWER) {
		res_next_server(res);
		return;
	}
	struct dns_msg *m = ev->msg;
	addr_set_port(&server, r->port);
	if (m->rcode == 0 && m->n[DNS_S_ANSWER] > 0) {
		res_finish(res, DNS_RS_ANSWER, m, &res->names[res->ni], &server);
		return;
	}
	if (m->rcode == 0) {
		if (res->nodata == NULL) {
			res->nodata = m;
			res->nodata_name = res->names[res->ni];
			res->nodata_server = server;
		} else {
			dns_msg_free(m);
		}
		res_next_name(res);
		return;
	}
	if (m->rcode == 3) {
		dns_msg_free(res->nxdomain);
		res->nxdomain = m;
		res->nxdomain_name = res->names[res->ni];
		res->nxdomain_server = server;
		res_next_name(res);
		return;
	}
	dns_msg_free(m); /* SERVFAIL, REFUSED, ...: the next server */
	res_next_server(res);
}

/* res_bad_name
 * Report a bad name from the loop, not from inside the start call. */
static void res_bad_name(void *arg)
{
	res_finish(arg, DNS_RS_BADNAME, NULL, NULL, NULL);
}

/* res_new
 * A resolution on the active list, its rounds starting at the rotor. */
static struct dns_resolve *res_new(struct dns_resolver *r, uint16_t type, dns_resolve_cb cb,
				   void *arg)
{
	struct dns_resolve *res = calloc(1, sizeof(*res));

	if (res == NULL)
		return NULL;
	*res = (struct dns_resolve){.r = r, .type = type, .cb = cb, .arg = arg};
	if (r->conf.rotate)
		res->first = r->rotor++ % r->conf.n_servers;
	res->next = r->active;
	if (r->active)
		r->active->prev = res;
	r->active = res;
	r->pending++;
	return res;
}

/* res_candidates
 * The names to try, in order (see the header). */
static bool res_candidates(struct dns_resolve *res, const char *text)
{
	const struct dns_conf *c = &res->r->conf;
	struct dns_name n;
	bool absolute = false;
	unsigned dots = 0;

	if (dns_name_from_text(text, NULL, &n, &absolute) != DNS_OK)
		return false;
	for (const char *p = text; *p; p++)
		dots += *p == '.';
	if (absolute || dots >= c->ndots)
		res->names[res->n_names++] = n;
	if (!absolute) {
		for (size_t i = 0; i < c->n_search; i++) {
			struct dns_name origin, full;
			if (dns_name_from_text(c->search[i], NULL, &origin, NULL) != DNS_OK ||
			    dns_name_from_text(text, &origin, &full, NULL) != DNS_OK)
				continue;
			res->names[res->n_names++] = full;
		}
		if (dots < c->ndots)
			res->names[res->n_names++] = n;
	}
	return true;
}

/* dns_resolve_start
 * Candidate names from the search list, then the first query. */
struct dns_resolve *dns_resolve_start(struct dns_resolver *r, const char *name, uint16_t type,
				      dns_resolve_cb cb, void *arg)
{
	struct dns_resolve *res = res_new(r, type, cb, arg);

	if (res == NULL)
		return NULL;
	if (!res_candidates(res, name)) {
		loop_timer_arm(r->loop, &res->t_done, loop_now_ns(), res_bad_name, res);
		return res;
	}
	res_send(res);
	return res;
}

/* dns_resolve_ptr
 * The reverse name, asked as it is (no search list). */
struct dns_resolve *dns_resolve_ptr(struct dns_resolver *r, const struct netdx_addr *addr,
				    dns_resolve_cb cb, void *arg)
{
	struct dns_resolve *res = res_new(r, 12 /* PTR */, cb, arg);

	if (res == NULL)
		return NULL;
	if (dns_reverse_name(addr, &res->names[0]) != DNS_OK) {
		loop_timer_arm(r->loop, &res->t_done, loop_now_ns(), res_bad_name, res);
		return res;
	}
	res->n_names = 1;
	res_send(res);
	return res;
}

/* dns_resolve_cancel
 * Stop the query in flight and free the resolution, with no callback. */
void dns_resolve_cancel(struct dns_resolve *res)
{
	if (res == NULL)
		return;
	if (res->q)
		dns_query_cancel(res->q);
	res_free(res);
}

/* dns_resolver_free
 * Cancel everything still running, then free the resolver. */
void dns_resolver_free(struct dns_resolver *r)
{
	while (r != NULL && r->active != NULL)
		dns_resolve_cancel(r->active);
	free(r);
}
