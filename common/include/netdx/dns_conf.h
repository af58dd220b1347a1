/* dns_conf — resolv.conf: nameserver (IPv4 and IPv6), search, domain, and options
 * ndots: timeout: attempts: rotate edns0.
 *
 * Strict mode rejects what BIND's parser rejects (a bad address, a value that is not
 * a number, extra words, "search" without a domain) and says where; lenient mode
 * skips such lines, as glibc does. Unknown keywords and options are ignored in both.
 * At most DNS_CONF_MAXNS nameservers and DNS_CONF_MAXSEARCH search domains are kept,
 * as in glibc. */
#ifndef NETDX_DNS_CONF_H
#define NETDX_DNS_CONF_H

#include <stdbool.h>
#include <stddef.h>

#include "netdx/addr.h"
#include "netdx/dns_name.h"
#include "netdx/dns_status.h"

#define DNS_CONF_MAXNS 3
#define DNS_CONF_MAXSEARCH 6
#define DNS_CONF_PATH "/etc/resolv.conf"

struct dns_conf {
	size_t n_servers;                                  /* nameserver lines kept */
	struct netdx_addr servers[DNS_CONF_MAXNS];         /* port 0: the caller picks it */
	size_t n_search;                                   /* search (or domain) entries */
	char search[DNS_CONF_MAXSEARCH][DNS_NAME_MAXTEXT]; /* as written */
	unsigned ndots;    /* options ndots:n (default 1, at most 15) */
	unsigned timeout;  /* options timeout:n seconds (default 5, at most 30) */
	unsigned attempts; /* options attempts:n (default 2, at most 5) */
	bool timeout_set;  /* timeout: was given */
	bool attempts_set; /* attempts: was given */
	bool ndots_set;    /* ndots: was given */
	bool rotate;       /* options rotate */
	bool edns0;        /* options edns0 */
};

/* Why strict parsing failed. */
struct dns_conf_error {
	unsigned line;  /* 1-based line number */
	char what[128]; /* "nameserver: not an address: garbage" */
};

/* Defaults: no servers, no search list, ndots 1, timeout 5, attempts 2. */
void dns_conf_init(struct dns_conf *conf);

/* Parse text (len bytes, need not be NUL-terminated; a NUL ends it). strict: first
 * bad line fails with DNS_E_SYNTAX and err (when not NULL) says which; lenient: bad
 * lines are skipped and the result is DNS_OK. *out is written only on DNS_OK. */
enum dns_status dns_conf_parse(const char *text, size_t len, bool strict, struct dns_conf *out,
			       struct dns_conf_error *err);

/* Read and parse a file. A missing file is DNS_OK with the defaults (as BIND and
 * glibc treat it); any other read error is DNS_E_IO with errno set. Files over
 * 64 KiB are read up to that size. */
enum dns_status dns_conf_load(const char *path, bool strict, struct dns_conf *out,
			      struct dns_conf_error *err);

#endif
