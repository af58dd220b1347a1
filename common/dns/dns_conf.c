/* dns_conf.c — resolv.conf parser (see netdx/dns_conf.h). */
#include "netdx/dns_conf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netdx/cli.h"
#include "netdx/dns_file.h"

#define CONF_MAX_FILE 65536
#define CONF_MAX_WORDS 16
#define CONF_LINE_MAX 1024

/* One line cut into words (pointers into a private copy). */
struct conf_line {
	char buf[CONF_LINE_MAX];    /* the line, NULs between words */
	char *word[CONF_MAX_WORDS]; /* the words */
	size_t n;                   /* how many */
	bool too_many;              /* more than CONF_MAX_WORDS words */
};

/* dns_conf_init
 * Reset to the defaults: no servers, no search list, ndots 1, timeout 5, attempts 2. */
void dns_conf_init(struct dns_conf *conf)
{
	memset(conf, 0, sizeof(*conf));
	conf->ndots = 1;
	conf->timeout = 5;
	conf->attempts = 2;
}

/* conf_split
 * Cut one line into blank-separated words; a '#' or ';' word start ends it. */
static void conf_split(const char *s, size_t len, struct conf_line *l)
{
	size_t n = len < CONF_LINE_MAX - 1 ? len : CONF_LINE_MAX - 1;
	char *p = l->buf;

	memcpy(l->buf, s, n);
	l->buf[n] = '\0';
	l->n = 0;
	l->too_many = false;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\f' || *p == '\v')
			p++;
		if (*p == '\0' || *p == '#' || *p == ';')
			break;
		if (l->n == CONF_MAX_WORDS) {
			l->too_many = true;
			break;
		}
		l->word[l->n++] = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\r' && *p != '\f' && *p != '\v')
			p++;
		if (*p == '\0')
			break;
		*p++ = '\0';
	}
}

/* conf_fail
 * Record why a line is bad; returns DNS_E_SYNTAX. */
static enum dns_status conf_fail(struct dns_conf_error *err, unsigned line, const char *what,
				 const char *word)
{
	if (err) {
		err->line = line;
		snprintf(err->what, sizeof(err->what), "%s%s%s", what, word ? ": " : "",
			 word ? word : "");
	}
	return DNS_E_SYNTAX;
}

/* conf_number
 * A decimal option value, digits only (no sign), capped at max however long it is
 * (glibc caps too). */
static bool conf_number(const char *s, unsigned max, unsigned *out)
{
	long v;

	if (*s < '0' || *s > '9')
		return false;
	switch (cli_parse_long(s, 0, (long)max, &v)) {
	case CLI_OK:
		*out = (unsigned)v;
		return true;
	case CLI_TOO_LARGE:
		*out = max;
		return true;
	default:
		return false;
	}
}

/* conf_domain_ok
 * A search domain must parse as a name. */
static bool conf_domain_ok(const char *s)
{
	struct dns_name n;
	return strlen(s) < DNS_NAME_MAXTEXT && dns_name_from_text(s, NULL, &n, NULL) == DNS_OK;
}

/* conf_options
 * "options" words: ndots:, timeout:, attempts:, rotate, edns0; others ignored. */
static enum dns_status conf_options(const struct conf_line *l, unsigned line, struct dns_conf *c,
				    struct dns_conf_error *err)
{
	for (size_t i = 1; i < l->n; i++) {
		const char *w = l->word[i];
		unsigned v;
		if (strncmp(w, "ndots:", 6) == 0) {
			if (!conf_number(w + 6, 15, &v))
				return conf_fail(err, line, "options: bad ndots value", w);
			c->ndots = v;
			c->ndots_set = true;
		} else if (strncmp(w, "timeout:", 8) == 0) {
			if (!conf_number(w + 8, 30, &v))
				return conf_fail(err, line, "options: bad timeout value", w);
			c->timeout = v;
			c->timeout_set = true;
		} else if (strncmp(w, "attempts:", 9) == 0) {
			if (!conf_number(w + 9, 5, &v))
				return conf_fail(err, line, "options: bad attempts value", w);
			c->attempts = v;
			c->attempts_set = true;
		} else if (strcmp(w, "rotate") == 0) {
			c->rotate = true;
		} else if (strcmp(w, "edns0") == 0) {
			c->edns0 = true;
		}
	}
	return DNS_OK;
}

/* conf_line_apply
 * Apply one line to c. */
static enum dns_status conf_line_apply(const struct conf_line *l, unsigned line, struct dns_conf *c,
				       struct dns_conf_error *err)
{
	const char *kw = l->word[0];

	if (strcmp(kw, "nameserver") == 0) {
		struct netdx_addr a;
		if (l->n != 2)
			return conf_fail(err, line, "nameserver: expected one address", NULL);
		if (!addr_parse_literal(l->word[1], AF_UNSPEC, &a))
			return conf_fail(err, line, "nameserver: not an address", l->word[1]);
		if (c->n_servers < DNS_CONF_MAXNS)
			c->servers[c->n_servers++] = a;
	} else if (strcmp(kw, "domain") == 0 || strcmp(kw, "search") == 0) {
		bool domain = kw[0] == 'd';
		if (l->n < 2 || (domain && l->n != 2) || l->too_many)
			return conf_fail(err, line,
					 domain ? "domain: expected one domain"
						: "search: expected domains",
					 NULL);
		for (size_t i = 1; i < l->n; i++)
			if (!conf_domain_ok(l->word[i]))
				return conf_fail(err, line, "search: not a domain name",
						 l->word[i]);
		c->n_search = 0;
		for (size_t i = 1; i < l->n && c->n_search < DNS_CONF_MAXSEARCH; i++)
			snprintf(c->search[c->n_search++], DNS_NAME_MAXTEXT, "%s", l->word[i]);
	} else if (strcmp(kw, "options") == 0) {
		return conf_options(l, line, c, err);
	}
	return DNS_OK;
}

/* dns_conf_parse
 * Line by line; a bad line fails (strict) or is undone and skipped (lenient). */
enum dns_status dns_conf_parse(const char *text, size_t len, bool strict, struct dns_conf *out,
			       struct dns_conf_error *err)
{
	struct dns_conf c;
	struct conf_line *l;
	unsigned line = 0;
	size_t pos = 0;

	if (text == NULL || out == NULL)
		return DNS_E_SYNTAX;
	l = malloc(sizeof(*l));
	if (l == NULL)
		return DNS_E_NOMEM;
	dns_conf_init(&c);
	while (pos < len && text[pos] != '\0') {
		size_t end = pos;
		while (end < len && text[end] != '\n' && text[end] != '\0')
			end++;
		line++;
		conf_split(text + pos, end - pos, l);
		if (l->n > 0) {
			struct dns_conf before = c;
			enum dns_status st = conf_line_apply(l, line, &c, err);
			if (st != DNS_OK && strict) {
				free(l);
				return st;
			}
			if (st != DNS_OK)
				c = before;
		}
		pos = end < len && text[end] == '\n' ? end + 1 : end;
	}
	free(l);
	*out = c;
	return DNS_OK;
}

/* dns_conf_load
 * Read at most 64 KiB of the file and parse it; a missing file is the defaults. */
enum dns_status dns_conf_load(const char *path, bool strict, struct dns_conf *out,
			      struct dns_conf_error *err)
{
	char *buf;
	size_t len;
	enum dns_status st = dns_file_read(path, CONF_MAX_FILE, &buf, &len);
	if (st != DNS_OK)
		return st;
	if (!buf) {
		dns_conf_init(out);
		return DNS_OK;
	}
	st = dns_conf_parse(buf, len, strict, out, err);
	free(buf);
	return st;
}
