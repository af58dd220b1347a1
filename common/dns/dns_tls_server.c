/* dns_tls_server.c — tls://ADDR[:PORT][#NAME] (see netdx/dns_tls_server.h). */
#include "netdx/dns_tls_server.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "netdx/target_list.h"
#include "netdx/text_safe.h"

#define SCHEME "tls://"
#define SCHEME_LEN (sizeof(SCHEME) - 1)

/* The parts of ADDR[:PORT][#NAME], as offsets into the text after the scheme. */
struct tls_parts {
	const char *host; /* ADDR without brackets */
	size_t hlen;
	const char *port; /* PORT's digits, NULL without ":PORT" */
	size_t plen;
	const char *name; /* NAME, NULL without "#NAME" */
	size_t nlen;
	bool bracketed; /* ADDR was in brackets */
};

bool dns_tls_server_is(const char *s, size_t len)
{
	return len >= SCHEME_LEN && strncasecmp(s, SCHEME, SCHEME_LEN) == 0;
}

/* tls_split
 * Cut r (rlen bytes) into its parts; false with *why when the brackets do not close
 * or something other than ":PORT" follows them. */
static bool tls_split(const char *r, size_t rlen, struct tls_parts *p, const char **why)
{
	const char *hash = memchr(r, '#', rlen);
	size_t alen = hash ? (size_t)(hash - r) : rlen; /* ADDR[:PORT] */
	const char *colon;

	*p = (struct tls_parts){.host = r, .hlen = alen};
	if (hash) {
		p->name = hash + 1;
		p->nlen = rlen - alen - 1;
	}
	if (alen > 0 && r[0] == '[') {
		const char *close = memchr(r, ']', alen);
		if (close == NULL) {
			*why = "no ']' after '[' and the IPv6 address";
			return false;
		}
		p->bracketed = true;
		p->host = r + 1;
		p->hlen = (size_t)(close - r) - 1;
		colon = close + 1 < r + alen ? close + 1 : NULL;
		if (colon && *colon != ':') {
			*why = "only ':PORT' may follow ']'";
			return false;
		}
	} else {
		colon = memchr(r, ':', alen);
		/* a bare IPv6 literal has colons of its own: then there is no port */
		if (colon && memchr(colon + 1, ':', alen - (size_t)(colon - r) - 1))
			colon = NULL;
		if (colon)
			p->hlen = (size_t)(colon - r);
	}
	if (colon) {
		p->port = colon + 1;
		p->plen = alen - (size_t)(colon + 1 - r);
	}
	return true;
}

/* tls_check_name
 * NAME: a host name or an address literal, as a target is written. */
static bool tls_check_name(const char *n, size_t len, char *out, const char **why)
{
	struct target_entry e;
	struct target_error terr;

	if (len == 0) {
		*why = "no name after '#'";
		return false;
	}
	if (len >= DNS_SERVER_HOST_MAX) {
		*why = "name too long";
		return false;
	}
	memcpy(out, n, len);
	out[len] = '\0';
	if (target_list_parse(out, len, &e, &terr) != NETDX_OK) {
		*why = terr.why;
		return false;
	}
	if (e.kind == TARGET_BLOCK) {
		*why = "an address block is not a name";
		return false;
	}
	return true;
}

/* tls_check_host
 * ADDR and PORT through dns_server_parse, as "ADDR#PORT". */
static bool tls_check_host(const struct tls_parts *p, struct dns_server_spec *at, const char **why)
{
	char hp[DNS_SERVER_HOST_MAX + 18];
	struct dns_server_error e;

	if (p->hlen == 0 || p->hlen >= DNS_SERVER_HOST_MAX || memchr(p->host, '#', p->hlen)) {
		*why = p->hlen == 0 ? "no address after 'tls://'" : "name too long";
		return false;
	}
	if (p->port && p->plen == 0) {
		*why = "no port after ':'";
		return false;
	}
	/* 16 of PORT's bytes decide as well as all would: by then it is not a number or
	 * too large */
	int n = snprintf(hp, sizeof(hp), "%.*s%s%.*s", (int)p->hlen, p->host, p->port ? "#" : "",
			 (int)(p->plen < 16 ? p->plen : 16), p->port ? p->port : "");
	if (!dns_server_parse(hp, (size_t)n, DNS_TLS_PORT, at, &e)) {
		*why = e.why;
		return false;
	}
	if (p->bracketed && !(at->literal && strchr(at->host, ':'))) {
		*why = "brackets hold an IPv6 address";
		return false;
	}
	/* a colon is a port's or an IPv6 address's, never a name's */
	if (!at->literal && strchr(at->host, ':')) {
		*why = "not an IPv6 address";
		return false;
	}
	return true;
}

bool dns_tls_server_parse(const char *s, size_t len, struct dns_tls_server *out,
			  struct dns_server_error *err)
{
	struct tls_parts p;
	const char *why = NULL;

	*out = (struct dns_tls_server){0};
	if (!dns_tls_server_is(s, len))
		why = "not tls://ADDR[:PORT][#NAME]";
	else if (tls_split(s + SCHEME_LEN, len - SCHEME_LEN, &p, &why) &&
		 tls_check_host(&p, &out->at, &why) &&
		 (p.name == NULL || tls_check_name(p.name, p.nlen, out->name, &why))) {
		if (p.name == NULL && !out->at.literal)
			snprintf(out->name, sizeof(out->name), "%s", out->at.host);
		return true;
	}
	*out = (struct dns_tls_server){0};
	*err = (struct dns_server_error){.why = why};
	text_quote(err->text, sizeof(err->text), s, len);
	return false;
}
