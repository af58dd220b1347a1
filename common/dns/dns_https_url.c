/* dns_https_url.c — https://HOST[:PORT]/PATH (see netdx/dns_https_url.h). */
#include "netdx/dns_https_url.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define SCHEME "https://"

/* dns_https_url_is
 * The scheme only: what decides that a server argument is a URL. */
bool dns_https_url_is(const char *text)
{
	return strncasecmp(text, SCHEME, strlen(SCHEME)) == 0;
}

/* url_fail
 * Say why and return st. */
static enum dns_status url_fail(const char **why, const char *text, enum dns_status st)
{
	if (why)
		*why = text;
	return st;
}

/* url_clean
 * No space, control character or byte above ASCII anywhere, no fragment: libcurl
 * would take them in ways a user did not mean. */
static bool url_clean(const char *text)
{
	for (const unsigned char *p = (const unsigned char *)text; *p; p++)
		if (*p <= ' ' || *p >= 0x7f || *p == '#')
			return false;
	return true;
}

/* url_port
 * Digits after the colon, 1 to 65535; end is the first '/'. */
static enum dns_status url_port(const char *p, const char *end, uint16_t *port, const char **why)
{
	unsigned long v = 0;

	if (p == end)
		return url_fail(why, "empty port", DNS_E_SYNTAX);
	for (; p < end; p++) {
		if (*p < '0' || *p > '9')
			return url_fail(why, "the port is not a number", DNS_E_SYNTAX);
		v = v * 10 + (unsigned long)(*p - '0');
		if (v > 65535)
			break;
	}
	if (v < 1 || v > 65535)
		return url_fail(why, "port out of range (1 to 65535)", DNS_E_RANGE);
	*port = (uint16_t)v;
	return DNS_OK;
}

/* url_host
 * HOST (a bracketed IPv6 literal or anything up to ':' or '/') and the optional
 * port of authority [start, end). */
static enum dns_status url_host(const char *start, const char *end, struct dns_https_url *u,
				const char **why)
{
	const char *h = start, *h_end, *colon;

	if (*start == '[') {
		h = start + 1;
		h_end = memchr(h, ']', (size_t)(end - h));
		if (h_end == NULL)
			return url_fail(why, "no ']' after an IPv6 address", DNS_E_SYNTAX);
		colon = h_end + 1 < end ? h_end + 1 : NULL;
		if (colon && *colon != ':')
			return url_fail(why, "junk after ']'", DNS_E_SYNTAX);
		u->bracketed = true;
	} else {
		if (memchr(start, '@', (size_t)(end - start)))
			return url_fail(why, "a user name is not supported", DNS_E_SYNTAX);
		colon = memchr(start, ':', (size_t)(end - start));
		h_end = colon ? colon : end;
	}
	if (h_end == h)
		return url_fail(why, "no host", DNS_E_SYNTAX);
	if ((size_t)(h_end - h) >= sizeof(u->host))
		return url_fail(why, "host name too long", DNS_E_NOSPACE);
	memcpy(u->host, h, (size_t)(h_end - h));
	u->host[h_end - h] = '\0';
	u->port = 443;
	return colon ? url_port(colon + 1, end, &u->port, why) : DNS_OK;
}

/* dns_https_url_parse
 * Scheme, authority, then a path that must be there (RFC 8484 servers answer on one). */
enum dns_status dns_https_url_parse(const char *text, struct dns_https_url *out, const char **why)
{
	struct dns_https_url u = {0};
	size_t len = strlen(text);

	if (!dns_https_url_is(text))
		return url_fail(why, "not an https:// URL", DNS_E_SYNTAX);
	if (len >= sizeof(u.text))
		return url_fail(why, "URL too long", DNS_E_NOSPACE);
	if (!url_clean(text))
		return url_fail(why, "a space, control character or '#' in the URL", DNS_E_SYNTAX);
	const char *auth = text + strlen(SCHEME);
	const char *path = strchr(auth, '/');
	if (path == NULL || path[1] == '\0')
		return url_fail(why, "no path (as https://HOST/dns-query)", DNS_E_SYNTAX);
	enum dns_status st = url_host(auth, path, &u, why);
	if (st != DNS_OK)
		return st;
	memcpy(u.text, text, len + 1);
	*out = u;
	return DNS_OK;
}
