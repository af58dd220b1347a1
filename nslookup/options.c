/* options.c — BIND 9.18 nslookup's options: one parser for "-opt" on the command line
 * and "set opt" in interactive mode (abbreviations as BIND accepts them), "set all",
 * and the server list (resolv.conf, "server NAME", the ::1 / 127.0.0.1 fallback). */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "netdx/cli.h"
#include "netdx/dns_host.h"
#include "netdx/dns_https_url.h"
#include "netdx/dns_tls_server.h"
#include "netdx/dns_type.h"
#include "nsl.h"

/* opt_server_fill
 * One server entry: its address, the address as text, and what the user called it. */
static void opt_server_fill(struct nsl_server *srv, const struct netdx_addr *a, const char *userarg)
{
	char text[ADDR_STRLEN];

	srv->addr = *a;
	srv->https = false;
	dns_host_text(a, text, sizeof(text));
	snprintf(srv->name, sizeof(srv->name), "%s", text);
	snprintf(srv->userarg, sizeof(srv->userarg), "%s", userarg ? userarg : text);
}

/* opt_default_servers
 * resolv.conf's nameservers, else ::1 and 127.0.0.1 (BIND's fallback). */
void opt_default_servers(struct nsl_settings *s, const struct dns_conf *conf)
{
	struct netdx_addr a;

	s->n_servers = 0;
	for (size_t i = 0; i < conf->n_servers && i < NSL_MAX_SERVERS; i++)
		opt_server_fill(&s->servers[s->n_servers++], &conf->servers[i], NULL);
	if (s->n_servers > 0)
		return;
	/* BIND's fallback when resolv.conf names no server */
	addr_parse_literal("::1", AF_INET6, &a);
	opt_server_fill(&s->servers[s->n_servers++], &a, NULL);
	addr_parse_literal("127.0.0.1", AF_INET, &a);
	opt_server_fill(&s->servers[s->n_servers++], &a, NULL);
}

/* opt_settings_init
 * BIND's defaults, with resolv.conf's timeout, attempts, ndots, search list. */
void opt_settings_init(struct nsl_settings *s, const struct dns_conf *conf)
{
	memset(s, 0, sizeof(*s));
	snprintf(s->deftype, sizeof(s->deftype), "A");
	s->type = DNS_T_A;
	snprintf(s->defclass, sizeof(s->defclass), "IN");
	s->cls = DNS_C_IN;
	s->default_lookups = true;
	s->timeout = conf->timeout_set ? conf->timeout : 0;
	s->tries = conf->attempts_set && conf->attempts > 0 ? conf->attempts : 3;
	s->port = 53;
	s->ndots = conf->ndots;
	s->usesearch = true;
	s->recurse = true;
	s->nofail = true;
	s->check_ra = true;
	s->n_search = conf->n_search;
	memcpy(s->search, conf->search, sizeof(s->search));
	opt_default_servers(s, conf);
}

/* opt_set_server_url
 * An https:// server: every address of the URL's host, each asked at the URL. */
static bool opt_set_server_url(struct nsl_settings *s, const char *name, const char **why)
{
	struct netdx_addr addrs[NSL_MAX_SERVERS];
	struct dns_https_url url;
	size_t n = 0;

	if (dns_https_url_parse(name, &url, why) != DNS_OK)
		return false;
	if (addr_resolve_all(url.host, addrs, NSL_MAX_SERVERS, &n, why) != NETDX_OK)
		return false;
	s->n_servers = 0;
	for (size_t i = 0; i < n; i++) {
		struct nsl_server *srv = &s->servers[s->n_servers++];
		opt_server_fill(srv, &addrs[i], name);
		srv->https = true;
		srv->url = url;
	}
	return true;
}

/* opt_set_server
 * Every address of the name (BIND uses them all, in order); of an https:// URL's host,
 * each asked at that URL (opt_set_server_url). tls://ADDR[:PORT][#NAME] (ours) also
 * sets tls, the port and the certificate's name (one written wrong ends the run). A
 * host name is the name a TLS server's certificate must carry. */
bool opt_set_server(struct nsl_settings *s, const char *name, const char **why)
{
	struct netdx_addr addrs[NSL_MAX_SERVERS], lit;
	struct dns_tls_server t;
	struct dns_server_error err;
	const char *host = name;
	size_t n = 0;

	if (dns_https_url_is(name))
		return opt_set_server_url(s, name, why);
	if (dns_tls_server_is(name, strlen(name))) {
		/* not a name that did not resolve: a server written wrong (fatal too) */
		if (!dns_tls_server_parse(name, strlen(name), &t, &err))
			nsl_fail(NSL_EXIT_FAIL, "server: %s: %s", err.text, err.why);
		host = t.at.host;
	}
	if (addr_resolve_all(host, addrs, NSL_MAX_SERVERS, &n, why) != NETDX_OK)
		return false;
	s->n_servers = 0;
	for (size_t i = 0; i < n; i++)
		opt_server_fill(&s->servers[s->n_servers++], &addrs[i], name);
	if (host != name) {
		s->tls = true;
		s->port = t.at.port;
		snprintf(s->tls_name, sizeof(s->tls_name), "%s", t.name);
	} else {
		bool literal = addr_parse_literal(name, AF_UNSPEC, &lit);
		snprintf(s->tls_name, sizeof(s->tls_name), "%s", literal ? "" : name);
	}
	return true;
}

uint16_t opt_port(const struct nsl_settings *s)
{
	return (uint16_t)(s->tls && s->port == 53 ? DNS_TLS_PORT : s->port);
}

/* opt_server_port
 * An https:// server's port is its URL's; the others' is opt_port's. */
uint16_t opt_server_port(const struct nsl_settings *s, size_t i)
{
	return s->servers[i].https ? s->servers[i].url.port : opt_port(s);
}

/* opt_show
 * BIND's show_settings: the servers, then the "Set options:" block. */
void opt_show(struct nsl_run *run, bool full, bool servers_only)
{
	const struct nsl_settings *s = &run->set;
	FILE *out = run->out;

	for (size_t i = 0; i < s->n_servers; i++) {
		fprintf(out, "Default server: %s\nAddress: %s#%u\n", s->servers[i].userarg,
			s->servers[i].name, opt_server_port(s, i));
		if (!full)
			return;
	}
	if (servers_only)
		return;
	fprintf(out, "\nSet options:\n");
	fprintf(out, "  %s\t\t\t%s\t\t%s\n", s->vc ? "vc" : "novc", s->debug ? "debug" : "nodebug",
		s->d2 ? "d2" : "nod2");
	fprintf(out, "  %s\t\t%s\n", s->usesearch ? "search" : "nosearch",
		s->recurse ? "recurse" : "norecurse");
	fprintf(out, "  timeout = %u\t\tretry = %u\tport = %u\tndots = %u\n", s->timeout, s->tries,
		s->port, s->ndots);
	fprintf(out, "  querytype = %-8s\tclass = %s\n", s->deftype, s->defclass);
	fprintf(out, "  srchlist = ");
	for (size_t i = 0; i < s->n_search; i++)
		fprintf(out, "%s%s", s->search[i], i + 1 < s->n_search ? "/" : "");
	fprintf(out, "\n");
}

/* opt_is
 * BIND's CHECKOPT: opt is an abbreviation of word at least min characters long. */
static bool opt_is(const char *opt, const char *word, size_t min)
{
	size_t l = strlen(opt);
	return l >= min && l <= strlen(word) && strncasecmp(opt, word, l) == 0;
}

/* opt_reject
 * A bad value: on the command line one line on stderr and the run ends, in
 * interactive mode BIND's line on stdout. */
static void opt_reject(struct nsl_run *run, bool command_line, const char *bind_line,
		       const char *error_line)
{
	if (command_line)
		nsl_fail(NSL_EXIT_FAIL, "%s", error_line);
	fprintf(run->out, "%s\n", bind_line);
}

/* opt_number
 * BIND's parse_uint: digits only (no sign), up to max. On the command line the range is
 * [min, max] and a bad value ends the run; interactively BIND's message is printed. */
static void opt_number(struct nsl_run *run, bool command_line, const char *what, const char *value,
		       unsigned long min, unsigned long max, unsigned *out)
{
	char bind_line[512], error_line[512];
	long lo = command_line ? (long)min : 0;
	long v = 0;
	const char *why = "not a valid number";

	if (value[0] >= '0' && value[0] <= '9') {
		switch (cli_parse_long(value, lo, (long)max, &v)) {
		case CLI_OK:
			*out = (unsigned)v;
			return;
		case CLI_TOO_SMALL:
		case CLI_TOO_LARGE:
			why = "out of range";
			break;
		default:
			break;
		}
	}
	snprintf(bind_line, sizeof(bind_line), "invalid %s '%s': %s", what, value, why);
	snprintf(error_line, sizeof(error_line), "invalid %s '%s': %s (%lu to %lu)", what, value,
		 why, min, max);
	opt_reject(run, command_line, bind_line, error_line);
}

/* opt_known
 * A type or class name from_text knows, else "unknown query <what>: <value>". */
static bool opt_known(struct nsl_run *run, bool command_line, const char *value,
		      bool (*from_text)(const char *, uint16_t *), const char *what, uint16_t *out)
{
	char line[NSL_TEXT + 64];

	if (from_text(value, out))
		return true;
	snprintf(line, sizeof(line), "unknown query %s: %s", what, value);
	opt_reject(run, command_line, line, line);
	return false;
}

/* opt_ixfr_serial
 * "ixfr=N" (ours, as dig's: BIND's nslookup knows no such type): the serial, 0 to
 * 4294967295, into *serial; false (the line said) when it is not one. */
static bool opt_ixfr_serial(struct nsl_run *run, bool command_line, const char *value,
			    uint32_t *serial)
{
	char line[NSL_TEXT + 64];
	long v = 0;

	if (value[5] >= '0' && value[5] <= '9' &&
	    cli_parse_long(value + 5, 0, 4294967295L, &v) == CLI_OK) {
		*serial = (uint32_t)v;
		return true;
	}
	snprintf(line, sizeof(line), "invalid IXFR serial '%s': not a number from 0 to 4294967295",
		 value + 5);
	opt_reject(run, command_line, line, line);
	return false;
}

/* opt_type
 * set type=: a known type, or ixfr=SERIAL. */
static void opt_type(struct nsl_run *run, bool command_line, const char *value)
{
	struct nsl_settings *s = &run->set;
	bool ixfr_n = strncasecmp(value, "ixfr=", 5) == 0;
	uint32_t serial = 0;
	uint16_t t = DNS_T_IXFR;

	if (ixfr_n && !opt_ixfr_serial(run, command_line, value, &serial))
		return;
	if (!ixfr_n && !opt_known(run, command_line, value, dns_type_from_text, "type", &t))
		return;
	snprintf(s->deftype, sizeof(s->deftype), "%s", value);
	s->type = t;
	s->ixfr_serial = serial;
	s->ixfr_serial_set = ixfr_n;
	s->default_lookups = false;
}

/* opt_class
 * set class=. */
static void opt_class(struct nsl_run *run, bool command_line, const char *value)
{
	struct nsl_settings *s = &run->set;
	uint16_t c;

	if (!opt_known(run, command_line, value, dns_class_from_text, "class", &c))
		return;
	snprintf(s->defclass, sizeof(s->defclass), "%s", value);
	s->cls = c;
}

/* opt_domain
 * set domain=: the search list becomes that one domain. */
static void opt_domain(struct nsl_run *run, bool command_line, const char *value)
{
	struct nsl_settings *s = &run->set;
	struct dns_name n;
	enum dns_status st = dns_name_from_text(value, NULL, &n, NULL);

	if (st != DNS_OK && command_line)
		nsl_fail(NSL_EXIT_FAIL, "invalid domain '%s': %s", value, dns_status_str(st));
	snprintf(s->search[0], sizeof(s->search[0]), "%s", value);
	s->n_search = 1;
	s->usesearch = true;
}

/* What one row of the option table does. */
enum opt_kind {
	OPT_ALL,     /* "all": print every setting */
	OPT_FLAG,    /* set the bool at field to on */
	OPT_VC,      /* the same, and note that vc was chosen */
	OPT_NUMBER,  /* "name=N": the unsigned at field, in [lo, hi] */
	OPT_TEXT,    /* "name=value": the value goes to apply */
	OPT_NOTHING, /* accepted, does nothing */
};

/* One option as BIND's setoption knows it. */
struct opt_row {
	const char *name; /* BIND's spelling; "name=" when a value follows */
	size_t min;       /* shortest abbreviation accepted; 0: "name=" spelled in full */
	enum opt_kind kind;
	size_t field;     /* FLAG, VC, NUMBER: offsetof the setting */
	bool on;          /* FLAG, VC: the value set */
	const char *what; /* NUMBER: its name in messages */
	unsigned lo, hi;  /* NUMBER: the command line's range (interactively 0 to hi) */
	void (*apply)(struct nsl_run *run, bool command_line, const char *value); /* TEXT */
};

#define OPT_AT(f) offsetof(struct nsl_settings, f)
#define ROW_FLAG(name, min, f, on)                                                                 \
	{                                                                                          \
		name, min, OPT_FLAG, OPT_AT(f), on, NULL, 0, 0, NULL                               \
	}
#define ROW_VC(name, min, on)                                                                      \
	{                                                                                          \
		name, min, OPT_VC, OPT_AT(vc), on, NULL, 0, 0, NULL                                \
	}
#define ROW_NUMBER(name, f, what, lo, hi)                                                          \
	{                                                                                          \
		name, 0, OPT_NUMBER, OPT_AT(f), false, what, lo, hi, NULL                          \
	}
#define ROW_TEXT(name, apply)                                                                      \
	{                                                                                          \
		name, 0, OPT_TEXT, 0, false, NULL, 0, 0, apply                                     \
	}

/* BIND 9.18's setoption, in its order: the first row that matches wins. */
static const struct opt_row opt_rows[] = {
	{"all", 3, OPT_ALL, 0, false, NULL, 0, 0, NULL},
	ROW_TEXT("class=", opt_class),
	ROW_TEXT("cl=", opt_class),
	ROW_TEXT("type=", opt_type),
	ROW_TEXT("ty=", opt_type),
	ROW_TEXT("querytype=", opt_type),
	ROW_TEXT("query=", opt_type),
	ROW_TEXT("qu=", opt_type),
	ROW_TEXT("q=", opt_type),
	ROW_TEXT("domain=", opt_domain),
	ROW_TEXT("do=", opt_domain),
	ROW_NUMBER("port=", port, "port", 1, 65535),
	ROW_NUMBER("po=", port, "port", 1, 65535),
	ROW_NUMBER("timeout=", timeout, "timeout", 0, 86400),
	ROW_NUMBER("t=", timeout, "timeout", 0, 86400),
	ROW_FLAG("recurse", 3, recurse, true),
	ROW_FLAG("norecurse", 5, recurse, false),
	ROW_NUMBER("retry=", tries, "tries", 1, 100),
	ROW_NUMBER("ret=", tries, "tries", 1, 100),
	ROW_FLAG("defname", 3, usesearch, true),
	ROW_FLAG("nodefname", 5, usesearch, false),
	ROW_VC("vc", 2, true),
	ROW_VC("novc", 4, false),
	ROW_FLAG("debug", 3, debug, true),
	ROW_FLAG("nodebug", 5, debug, false),
	ROW_FLAG("d2", 2, d2, true),
	ROW_FLAG("nod2", 4, d2, false),
	ROW_FLAG("search", 3, usesearch, true),
	ROW_FLAG("nosearch", 5, usesearch, false),
	/* BIND: silences a deprecation notice nslookup no longer prints */
	{"sil", 3, OPT_NOTHING, 0, false, NULL, 0, 0, NULL},
	ROW_FLAG("tls", 3, tls, true), /* ours: DNS over TLS */
	ROW_FLAG("notls", 5, tls, false),
	ROW_FLAG("fail", 3, nofail, false),
	ROW_FLAG("nofail", 5, nofail, true),
	ROW_NUMBER("ndots=", ndots, "ndots", 0, 128),
};

/* opt_find
 * The row opt names, with *value at what follows "name=", or NULL. */
static const struct opt_row *opt_find(const char *opt, const char **value)
{
	for (size_t i = 0; i < sizeof(opt_rows) / sizeof(opt_rows[0]); i++) {
		const struct opt_row *row = &opt_rows[i];
		size_t n = strlen(row->name);

		if (row->min == 0 && strncasecmp(opt, row->name, n) == 0) {
			*value = opt + n;
			return row;
		}
		if (row->min > 0 && opt_is(opt, row->name, row->min))
			return row;
	}
	return NULL;
}

/* opt_set
 * Apply the row of the table opt names; bad values per command_line. */
void opt_set(struct nsl_run *run, const char *opt, bool command_line)
{
	char *settings = (char *)&run->set;
	const char *value = NULL;
	const struct opt_row *row = opt_find(opt, &value);
	char bind_line[512], error_line[512];

	if (row == NULL) {
		snprintf(bind_line, sizeof(bind_line), "*** Invalid option: %s", opt);
		snprintf(error_line, sizeof(error_line), "invalid option: -%s", opt);
		opt_reject(run, command_line, bind_line, error_line);
		return;
	}
	switch (row->kind) {
	case OPT_ALL:
		opt_show(run, true, false);
		break;
	case OPT_VC:
		run->set.vc_set = true;
		/* fall through */
	case OPT_FLAG:
		*(bool *)(settings + row->field) = row->on;
		break;
	case OPT_NUMBER:
		opt_number(run, command_line, row->what, value, row->lo, row->hi,
			   (unsigned *)(settings + row->field));
		break;
	case OPT_TEXT:
		row->apply(run, command_line, value);
		break;
	case OPT_NOTHING:
		break;
	}
}
