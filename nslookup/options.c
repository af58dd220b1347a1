/* options.c — BIND 9.18 nslookup's options: one parser for "-opt" on the command line
 * and "set opt" in interactive mode (abbreviations as BIND accepts them), "set all",
 * and the server list (resolv.conf, "server NAME", the ::1 / 127.0.0.1 fallback). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "netdx/cli.h"
#include "netdx/dns_host.h"
#include "netdx/dns_type.h"
#include "nsl.h"

/* server_fill
 * One server entry: its address, the address as text, and what the user called it. */
static void server_fill(struct nsl_server *srv, const struct netdx_addr *a, const char *userarg)
{
	char text[ADDR_STRLEN];

	srv->addr = *a;
	dns_host_text(a, text, sizeof(text));
	snprintf(srv->name, sizeof(srv->name), "%s", text);
	snprintf(srv->userarg, sizeof(srv->userarg), "%s", userarg ? userarg : text);
}

/* nsl_default_servers
 * resolv.conf's nameservers, else ::1 and 127.0.0.1 (BIND's fallback). */
void nsl_default_servers(struct nsl_settings *s, const struct dns_conf *conf)
{
	struct netdx_addr a;

	s->n_servers = 0;
	for (size_t i = 0; i < conf->n_servers && i < NSL_MAX_SERVERS; i++)
		server_fill(&s->servers[s->n_servers++], &conf->servers[i], NULL);
	if (s->n_servers > 0)
		return;
	/* BIND's fallback when resolv.conf names no server */
	addr_parse_literal("::1", AF_INET6, &a);
	server_fill(&s->servers[s->n_servers++], &a, NULL);
	addr_parse_literal("127.0.0.1", AF_INET, &a);
	server_fill(&s->servers[s->n_servers++], &a, NULL);
}

/* nsl_settings_init
 * BIND's defaults, with resolv.conf's timeout, attempts, ndots, search list. */
void nsl_settings_init(struct nsl_settings *s, const struct dns_conf *conf)
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
	nsl_default_servers(s, conf);
}

/* nsl_set_server
 * Every address of the name (BIND uses them all, in order). */
bool nsl_set_server(struct nsl_settings *s, const char *name, const char **why)
{
	struct netdx_addr addrs[NSL_MAX_SERVERS];
	size_t n = 0;

	if (!dns_host_addresses(name, addrs, NSL_MAX_SERVERS, &n, why))
		return false;
	s->n_servers = 0;
	for (size_t i = 0; i < n; i++)
		server_fill(&s->servers[s->n_servers++], &addrs[i], name);
	return true;
}

/* nsl_show_settings
 * BIND's show_settings: the servers, then the "Set options:" block. */
void nsl_show_settings(struct nsl_run *run, bool full, bool servers_only)
{
	const struct nsl_settings *s = &run->set;
	FILE *out = run->out;

	for (size_t i = 0; i < s->n_servers; i++) {
		fprintf(out, "Default server: %s\nAddress: %s#%u\n", s->servers[i].userarg,
			s->servers[i].name, s->port);
		if (!full)
			return;
	}
	if (servers_only)
		return;
	fprintf(out, "\nSet options:\n");
	fprintf(out, "  %s\t\t\t%s\t\t%s\n", s->vc ? "vc" : "novc",
		s->debug ? "debug" : "nodebug", s->d2 ? "d2" : "nod2");
	fprintf(out, "  %s\t\t%s\n", s->usesearch ? "search" : "nosearch",
		s->recurse ? "recurse" : "norecurse");
	fprintf(out, "  timeout = %u\t\tretry = %u\tport = %u\tndots = %u\n", s->timeout,
		s->tries, s->port, s->ndots);
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

/* opt_value
 * The value after one of the "name=" prefixes, or NULL. */
static const char *opt_value(const char *opt, const char *const *prefixes)
{
	for (; *prefixes; prefixes++) {
		size_t n = strlen(*prefixes);
		if (strncasecmp(opt, *prefixes, n) == 0)
			return opt + n;
	}
	return NULL;
}

/* opt_reject
 * A bad value: one line on stderr on the command line, BIND's line on stdout in
 * interactive mode. Returns !command_line. */
static bool opt_reject(struct nsl_run *run, bool command_line, const char *bind_line,
		       const char *error_line)
{
	if (command_line) {
		fflush(run->out);
		fprintf(stderr, "nslookup: %s\n", error_line);
		return false;
	}
	fprintf(run->out, "%s\n", bind_line);
	return true;
}

/* opt_number
 * BIND's parse_uint: a decimal number up to max. On the command line the range is
 * [min, max] and a bad value ends the run; interactively BIND's message is printed. */
static bool opt_number(struct nsl_run *run, bool command_line, const char *what,
		       const char *value, unsigned long min, unsigned long max, unsigned *out)
{
	char bind_line[512], error_line[512];
	char *end = NULL;
	unsigned long v;
	const char *why = NULL;

	errno = 0;
	if (value[0] < '0' || value[0] > '9') {
		why = "not a valid number";
	} else {
		v = strtoul(value, &end, 10);
		if (*end != '\0')
			why = "not a valid number";
		else if (errno == ERANGE || v > max || (command_line && v < min))
			why = "out of range";
	}
	if (why == NULL) {
		*out = (unsigned)v;
		return true;
	}
	snprintf(bind_line, sizeof(bind_line), "invalid %s '%s': %s", what, value, why);
	snprintf(error_line, sizeof(error_line), "invalid %s '%s': %s (%lu to %lu)", what,
		 value, why, min, max);
	opt_reject(run, command_line, bind_line, error_line);
	return false;
}

/* opt_type
 * set type=: a known type (zone transfers excepted). */
static bool opt_type(struct nsl_run *run, bool command_line, const char *value)
{
	struct nsl_settings *s = &run->set;
	char line[NSL_TEXT + 64];
	uint16_t t;

	if (!dns_type_from_text(value, &t)) {
		snprintf(line, sizeof(line), "unknown query type: %s", value);
		return opt_reject(run, command_line, line, line);
	}
	if (t == DNS_T_AXFR || t == DNS_T_IXFR) {
		snprintf(line, sizeof(line), "zone transfers (%s) are not supported", value);
		return opt_reject(run, command_line, line, line);
	}
	snprintf(s->deftype, sizeof(s->deftype), "%s", value);
	s->type = t;
	s->default_lookups = false;
	return true;
}

/* opt_class
 * set class=. */
static bool opt_class(struct nsl_run *run, bool command_line, const char *value)
{
	struct nsl_settings *s = &run->set;
	char line[NSL_TEXT + 64];
	uint16_t c;

	if (!dns_class_from_text(value, &c)) {
		snprintf(line, sizeof(line), "unknown query class: %s", value);
		return opt_reject(run, command_line, line, line);
	}
	snprintf(s->defclass, sizeof(s->defclass), "%s", value);
	s->cls = c;
	return true;
}

/* opt_domain
 * set domain=: the search list becomes that one domain. */
static bool opt_domain(struct nsl_run *run, bool command_line, const char *value)
{
	struct nsl_settings *s = &run->set;
	struct dns_name n;
	char line[DNS_NAME_MAXTEXT + 64];
	enum dns_status st = dns_name_from_text(value, NULL, &n, NULL);

	if (st != DNS_OK && command_line) {
		snprintf(line, sizeof(line), "invalid domain '%s': %s", value, dns_status_str(st));
		return opt_reject(run, true, line, line);
	}
	snprintf(s->search[0], sizeof(s->search[0]), "%s", value);
	s->n_search = 1;
	s->usesearch = true;
	return true;
}

/* nsl_set_option
 * BIND's setoption order and abbreviations; bad values per command_line. */
bool nsl_set_option(struct nsl_run *run, const char *opt, bool command_line)
{
	static const char *const cls[] = {"class=", "cl=", NULL};
	static const char *const type[] = {"type=", "ty=", "querytype=", "query=", "qu=", "q=",
					   NULL};
	static const char *const domain[] = {"domain=", "do=", NULL};
	static const char *const port[] = {"port=", "po=", NULL};
	static const char *const timeout[] = {"timeout=", "t=", NULL};
	static const char *const retry[] = {"retry=", "ret=", NULL};
	static const char *const ndots[] = {"ndots=", NULL};
	struct nsl_settings *s = &run->set;
	const char *v;
	unsigned n;

	if (opt_is(opt, "all", 3)) {
		nsl_show_settings(run, true, false);
	} else if ((v = opt_value(opt, cls)) != NULL) {
		return opt_class(run, command_line, v);
	} else if ((v = opt_value(opt, type)) != NULL) {
		return opt_type(run, command_line, v);
	} else if ((v = opt_value(opt, domain)) != NULL) {
		return opt_domain(run, command_line, v);
	} else if ((v = opt_value(opt, port)) != NULL) {
		if (!opt_number(run, command_line, "port", v, 1, 65535, &n))
			return !command_line;
		s->port = (uint16_t)n;
	} else if ((v = opt_value(opt, timeout)) != NULL) {
		if (!opt_number(run, command_line, "timeout", v, 0, 86400, &n))
			return !command_line;
		s->timeout = n;
	} else if (opt_is(opt, "recurse", 3)) {
		s->recurse = true;
	} else if (opt_is(opt, "norecurse", 5)) {
		s->recurse = false;
	} else if ((v = opt_value(opt, retry)) != NULL) {
		if (!opt_number(run, command_line, "tries", v, 1, 100, &n))
			return !command_line;
		s->tries = n;
	} else if (opt_is(opt, "defname", 3)) {
		s->usesearch = true;
	} else if (opt_is(opt, "nodefname", 5)) {
		s->usesearch = false;
	} else if (opt_is(opt, "vc", 2)) {
		s->vc = true;
		s->vc_set = true;
	} else if (opt_is(opt, "novc", 4)) {
		s->vc = false;
		s->vc_set = true;
	} else if (opt_is(opt, "debug", 3)) {
		s->debug = true;
	} else if (opt_is(opt, "nodebug", 5)) {
		s->debug = false;
	} else if (opt_is(opt, "d2", 2)) {
		s->d2 = true;
	} else if (opt_is(opt, "nod2", 4)) {
		s->d2 = false;
	} else if (opt_is(opt, "search", 3)) {
		s->usesearch = true;
	} else if (opt_is(opt, "nosearch", 5)) {
		s->usesearch = false;
	} else if (opt_is(opt, "sil", 3)) {
		/* BIND: silences a deprecation notice nslookup no longer prints */
	} else if (opt_is(opt, "fail", 3)) {
		s->nofail = false;
	} else if (opt_is(opt, "nofail", 5)) {
		s->nofail = true;
	} else if ((v = opt_value(opt, ndots)) != NULL) {
		if (!opt_number(run, command_line, "ndots", v, 0, 128, &n))
			return !command_line;
		s->ndots = n;
	} else {
		char bind_line[512], error_line[512];
		snprintf(bind_line, sizeof(bind_line), "*** Invalid option: %s", opt);
		snprintf(error_line, sizeof(error_line), "invalid option: -%s", opt);
		return opt_reject(run, command_line, bind_line, error_line);
	}
	return true;
}
