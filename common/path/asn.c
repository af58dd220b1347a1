/* asn.c — AS numbers of addresses from Team Cymru's DNS interface, cached per prefix
 * (see netdx/asn.h). */
#include "netdx/asn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netdx/dns_conf.h"
#include "netdx/dns_resolver.h"
#include "netdx/dns_type.h"
#include "netdx/sandbox.h"

/* A prefix learned from an answer. */
struct asn_prefix {
	struct asn_prefix *next;
	struct asn_info info;
};

/* An address asked for and its lookup. */
struct asn_entry {
	struct asn_entry *next;
	struct asn *owner;
	struct netdx_addr addr;
	struct dns_resolve *rs; /* the origin lookup while it runs */
};

/* An AS whose name is asked for. */
struct asn_name {
	struct asn_name *next;
	struct asn *owner;
	uint32_t asn;
	struct dns_resolve *rs;    /* while it runs */
	char name[DNS_CYMRU_NAME]; /* "" until known (or when there is none) */
};

struct asn {
	struct dns_resolver *resolver;
	bool want_names;             /* ask asn.cymru.com for AS names */
	struct asn_prefix *prefixes; /* every prefix learned */
	struct asn_entry *entries;   /* every address asked for */
	struct asn_name *names;      /* every AS whose name was asked for */
	unsigned pending;            /* lookups running */
	void (*ready)(void *);       /* a lookup ended */
	void *arg;
};

struct asn *asn_new(struct loop *loop, const struct netdx_addr *server, bool names,
		    void (*ready)(void *arg), void *arg)
{
	struct asn *c = calloc(1, sizeof(*c));
	struct dns_conf conf;
	if (!c)
		return NULL;
	/* A broken resolv.conf still gives the defaults (127.0.0.1), as names.c does. */
	if (server || dns_conf_load(DNS_CONF_PATH, false, &conf, NULL) != DNS_OK)
		dns_conf_init(&conf);
	if (server) {
		conf.servers[0] = *server;
		conf.n_servers = 1;
	}
	c->resolver = dns_resolver_new(loop, &conf);
	if (!c->resolver) {
		free(c);
		return NULL;
	}
	c->want_names = names;
	c->ready = ready;
	c->arg = arg;
	return c;
}

void asn_free(struct asn *c)
{
	if (!c)
		return;
	dns_resolver_free(c->resolver); /* cancels what still runs: no callback */
	while (c->prefixes) {
		struct asn_prefix *p = c->prefixes;
		c->prefixes = p->next;
		free(p);
	}
	while (c->entries) {
		struct asn_entry *e = c->entries;
		c->entries = e->next;
		free(e);
	}
	while (c->names) {
		struct asn_name *n = c->names;
		c->names = n->next;
		free(n);
	}
	free(c);
}

unsigned asn_sandbox(void)
{
	return SANDBOX_INET;
}

/* in_prefix
 * Is a inside the prefix (same family, the first len bits equal)? */
static bool in_prefix(const struct netdx_addr *a, const struct dns_cymru_origin *o)
{
	if (addr_family(a) != addr_family(&o->prefix))
		return false;
	const uint8_t *x = addr_bytes(a), *y = addr_bytes(&o->prefix);
	unsigned full = o->prefix_len / 8, rest = o->prefix_len % 8;
	if (memcmp(x, y, full) != 0)
		return false;
	uint8_t mask = (uint8_t)(0xff << (8 - rest));
	return rest == 0 || (x[full] & mask) == (y[full] & mask);
}

/* covering
 * The longest prefix learned that holds a, or NULL. */
static const struct asn_prefix *covering(const struct asn *c, const struct netdx_addr *a)
{
	const struct asn_prefix *best = NULL;
	for (const struct asn_prefix *p = c->prefixes; p; p = p->next)
		if (in_prefix(a, &p->info.origin) &&
		    (!best || p->info.origin.prefix_len > best->info.origin.prefix_len))
			best = p;
	return best;
}

/* find
 * The entry of a, or NULL. */
static struct asn_entry *find(const struct asn *c, const struct netdx_addr *a)
{
	for (struct asn_entry *e = c->entries; e; e = e->next)
		if (addr_equal(&e->addr, a))
			return e;
	return NULL;
}

/* lookup_ended
 * One lookup fewer; tell the owner. */
static void lookup_ended(struct asn *c)
{
	c->pending--;
	c->ready(c->arg);
}

/* answer_text
 * The TXT text of a finished lookup into buf; false when there is none to read. */
static bool answer_text(struct dns_resolve_result *res, char *buf, size_t len)
{
	bool ok = res->status == DNS_RS_ANSWER && res->msg->rcode == DNS_R_NOERROR &&
		  dns_cymru_txt(res->msg, buf, len) == DNS_OK;
	dns_msg_free(res->msg);
	return ok;
}

/* name_answered
 * An AS name came (or not): every prefix of that AS takes it. */
static void name_answered(void *arg, struct dns_resolve_result *res)
{
	struct asn_name *n = arg;
	char txt[DNS_CYMRU_TXT];
	n->rs = NULL;
	if (answer_text(res, txt, sizeof(txt)) &&
	    dns_cymru_parse_asname(txt, n->asn, n->name, sizeof(n->name)) == DNS_OK)
		for (struct asn_prefix *p = n->owner->prefixes; p; p = p->next)
			if (p->info.origin.asn == n->asn)
				memcpy(p->info.name, n->name, sizeof(n->name));
	lookup_ended(n->owner);
}

/* want_name
 * Ask for the name of p's AS once; a name known already is copied at once. */
static void want_name(struct asn *c, struct asn_prefix *p)
{
	char qname[DNS_NAME_MAXTEXT];
	for (struct asn_name *n = c->names; n; n = n->next)
		if (n->asn == p->info.origin.asn) {
			memcpy(p->info.name, n->name, sizeof(n->name));
			return;
		}
	struct asn_name *n = calloc(1, sizeof(*n));
	if (!n || dns_cymru_asname_name(p->info.origin.asn, qname, sizeof(qname) - 1) != DNS_OK) {
		free(n);
		return; /* the name stays unknown */
	}
	strcat(qname, "."); /* as it is: no search list */
	n->owner = c;
	n->asn = p->info.origin.asn;
	n->next = c->names;
	c->names = n;
	c->pending++;
	n->rs = dns_resolve_start(c->resolver, qname, DNS_T_TXT, name_answered, n);
	if (!n->rs)
		c->pending--;
}

/* learn
 * A prefix from an answer, kept once. */
static void learn(struct asn *c, const struct dns_cymru_origin *o)
{
	for (struct asn_prefix *p = c->prefixes; p; p = p->next)
		if (p->info.origin.prefix_len == o->prefix_len &&
		    addr_equal(&p->info.origin.prefix, &o->prefix))
			return;
	struct asn_prefix *p = calloc(1, sizeof(*p));
	if (!p)
		return; /* the address stays unknown */
	p->info.origin = *o;
	snprintf(p->info.as_text, sizeof(p->info.as_text), "%u", (unsigned)o->asn);
	p->next = c->prefixes;
	c->prefixes = p;
	if (c->want_names)
		want_name(c, p);
}

/* origin_answered
 * An origin lookup ended: a well-formed answer teaches its prefix. */
static void origin_answered(void *arg, struct dns_resolve_result *res)
{
	struct asn_entry *e = arg;
	struct dns_cymru_origin o;
	char txt[DNS_CYMRU_TXT];
	e->rs = NULL;
	if (answer_text(res, txt, sizeof(txt)) &&
	    dns_cymru_parse_origin(txt, addr_family(&e->addr), &o) == DNS_OK &&
	    in_prefix(&e->addr, &o))
		learn(e->owner, &o);
	lookup_ended(e->owner);
}

void asn_want(struct asn *c, const struct netdx_addr *a)
{
	char qname[DNS_NAME_MAXTEXT];
	if (!a->len || find(c, a) || covering(c, a))
		return;
	struct asn_entry *e = calloc(1, sizeof(*e));
	if (!e)
		return; /* unknown */
	e->owner = c;
	e->addr = *a;
	e->next = c->entries;
	c->entries = e;
	if (dns_cymru_origin_name(a, qname, sizeof(qname) - 1) != DNS_OK)
		return;
	strcat(qname, ".");
	c->pending++;
	e->rs = dns_resolve_start(c->resolver, qname, DNS_T_TXT, origin_answered, e);
	if (!e->rs)
		c->pending--;
}

const struct asn_info *asn_get(const struct asn *c, const struct netdx_addr *a)
{
	const struct asn_entry *e = find(c, a);
	if (e && e->rs)
		return NULL;
	const struct asn_prefix *p = covering(c, a);
	return p ? &p->info : NULL;
}

bool asn_done(const struct asn *c, const struct netdx_addr *a)
{
	const struct asn_entry *e = find(c, a);
	return !e || !e->rs;
}

const char *asn_field_text(const struct asn_info *info, enum asn_field f)
{
	switch (f) {
	case ASN_F_AS:
		return info->as_text;
	case ASN_F_PREFIX:
		return info->origin.prefix_text;
	case ASN_F_COUNTRY:
		return info->origin.country;
	case ASN_F_REGISTRY:
		return info->origin.registry;
	case ASN_F_ALLOCATED:
		return info->origin.allocated;
	default:
		return info->name;
	}
}

unsigned asn_pending(const struct asn *c)
{
	return c->pending;
}
