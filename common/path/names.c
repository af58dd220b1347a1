/* names.c — asynchronous reverse names with a per-run cache (see netdx/names.h). */
#include "netdx/names.h"

#include <stdlib.h>
#include <string.h>

#include "netdx/dns_conf.h"
#include "netdx/dns_hosts.h"
#include "netdx/dns_msg.h"
#include "netdx/dns_resolver.h"
#include "netdx/dns_type.h"
#include "netdx/sandbox.h"

/* One address and its lookup. */
struct name_entry {
	struct name_entry *next; /* the list */
	struct names *owner;     /* for the callback */
	struct netdx_addr addr;  /* whose name */
	struct dns_resolve *rs;  /* the lookup while it runs */
	char *name;              /* the name; NULL when there is none (or no memory) */
};

struct names {
	struct dns_resolver *resolver;
	struct dns_hosts *hosts;    /* the hosts file (NULL: not consulted, or unreadable) */
	enum dns_hosts_order order; /* the hosts file before, after or instead of DNS */
	struct name_entry *list;    /* every address asked for */
	unsigned pending;           /* lookups running */
	void (*ready)(void *);      /* a lookup ended */
	void *arg;
};

struct names *names_new(struct loop *loop, void (*ready)(void *arg), void *arg)
{
	struct names *n = calloc(1, sizeof(*n));
	struct dns_conf conf;
	if (!n)
		return NULL;
	/* A broken resolv.conf still gives the defaults (127.0.0.1), as glibc's does. */
	if (dns_conf_load(DNS_CONF_PATH, false, &conf, NULL) != DNS_OK)
		dns_conf_init(&conf);
	n->resolver = dns_resolver_new(loop, &conf);
	if (!n->resolver) {
		free(n);
		return NULL;
	}
	n->order = dns_hosts_order_load(DNS_NSSWITCH_PATH);
	/* An unreadable hosts file is left out, as glibc leaves it out. */
	if (n->order != DNS_HOSTS_NEVER && dns_hosts_load(DNS_HOSTS_PATH, &n->hosts) != DNS_OK)
		n->hosts = NULL;
	n->ready = ready;
	n->arg = arg;
	return n;
}

unsigned names_sandbox(void)
{
	return SANDBOX_INET;
}

void names_free(struct names *n)
{
	if (!n)
		return;
	dns_resolver_free(n->resolver); /* cancels what still runs: no callback */
	dns_hosts_free(n->hosts);
	while (n->list) {
		struct name_entry *e = n->list;
		n->list = e->next;
		free(e->name);
		free(e);
	}
	free(n);
}

/* ptr_of
 * The first PTR target of an answer, as text without the final dot, into buf. */
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

/* hosts_name
 * The hosts file's name for a, or NULL. */
static const char *hosts_name(const struct names *n, const struct netdx_addr *a)
{
	return n->hosts ? dns_hosts_name(n->hosts, a) : NULL;
}

/* on_resolved
 * A lookup ended: keep the name (or the hosts file's, when it comes after DNS; or that
 * there is none) and tell the owner. */
static void on_resolved(void *arg, struct dns_resolve_result *res)
{
	struct name_entry *e = arg;
	char name[DNS_NAME_MAXTEXT];
	e->rs = NULL;
	if (res->status == DNS_RS_ANSWER && ptr_of(res->msg, name, sizeof(name)) && name[0])
		e->name = strdup(name);
	else if (e->owner->order == DNS_HOSTS_AFTER_DNS && hosts_name(e->owner, &e->addr))
		e->name = strdup(hosts_name(e->owner, &e->addr));
	dns_msg_free(res->msg);
	e->owner->pending--;
	e->owner->ready(e->owner->arg);
}

/* find
 * The entry for a, or NULL. */
static struct name_entry *find(const struct names *n, const struct netdx_addr *a)
{
	for (struct name_entry *e = n->list; e; e = e->next)
		if (addr_equal(&e->addr, a))
			return e;
	return NULL;
}

void names_want(struct names *n, const struct netdx_addr *a)
{
	if (!a->len || find(n, a))
		return;
	struct name_entry *e = calloc(1, sizeof(*e));
	if (!e)
		return; /* names_get then says "no name": the address is shown */
	e->owner = n;
	e->addr = *a;
	e->next = n->list;
	n->list = e;
	const char *from_file = hosts_name(n, a);
	if (from_file && (n->order == DNS_HOSTS_FIRST || n->order == DNS_HOSTS_ONLY)) {
		e->name = strdup(from_file);
		return;
	}
	if (n->order == DNS_HOSTS_ONLY)
		return; /* no name, and DNS is not asked */
	n->pending++;
	e->rs = dns_resolve_ptr(n->resolver, a, on_resolved, e);
	if (!e->rs)
		n->pending--; /* no memory for the query: no name */
}

const char *names_get(const struct names *n, const struct netdx_addr *a)
{
	const struct name_entry *e = find(n, a);
	if (!e)
		return "";
	if (e->rs)
		return NULL;
	return e->name ? e->name : "";
}

void names_give_up(struct names *n, const struct netdx_addr *a)
{
	struct name_entry *e = find(n, a);
	if (!e || !e->rs)
		return;
	dns_resolve_cancel(e->rs);
	e->rs = NULL;
	n->pending--;
}

unsigned names_pending(const struct names *n)
{
	return n->pending;
}
