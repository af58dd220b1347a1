/* dns_hosts.c — the hosts file and the nsswitch.conf hosts order (see netdx/dns_hosts.h). */
#include "netdx/dns_hosts.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "netdx/dns_file.h"

#define NSSWITCH_MAX_FILE 65536

/* One address and where its name is (compact: a large hosts file holds 10^5 lines). */
struct hosts_entry {
	uint8_t family;    /* AF_INET or AF_INET6 */
	uint8_t bytes[16]; /* the address */
	uint32_t name;     /* offset of its name in names */
};

struct dns_hosts {
	struct hosts_entry *v; /* in the file's order */
	size_t n, cap;
	char *names; /* the names, each NUL-terminated */
	size_t names_len, names_cap;
};

/* is_blank
 * A separator between the words of a line. */
static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* next_word
 * The next word of [*p, end) (stopping at a '#', which starts a comment): its start
 * and length, *p after it; false when the line has no more. */
static bool next_word(const char **p, const char *end, const char **word, size_t *len)
{
	const char *s = *p;
	while (s < end && is_blank(*s))
		s++;
	if (s == end || *s == '#')
		return false;
	const char *w = s;
	while (s < end && !is_blank(*s) && *s != '#')
		s++;
	*word = w;
	*len = (size_t)(s - w);
	*p = s;
	return true;
}

/* address_of
 * The address a hosts line starts with, in strict inet_pton syntax as glibc reads it;
 * an IPv6 scope ("fe80::1%eth0") makes it a line glibc skips. */
static bool address_of(const char *w, size_t len, struct netdx_addr *a)
{
	char text[ADDR_STRLEN];
	if (len >= sizeof(text) || memchr(w, '%', len))
		return false;
	memcpy(text, w, len);
	text[len] = '\0';
	return addr_parse_literal(text, AF_UNSPEC, a);
}

/* is_control
 * A byte a terminal would obey rather than show. */
static bool is_control(char c)
{
	return (unsigned char)c < ' ' || c == 0x7f;
}

/* shown_len
 * The length of a name once its control bytes are escaped (copy_shown). */
static size_t shown_len(const char *w, size_t len)
{
	size_t n = len;
	for (size_t i = 0; i < len; i++)
		if (is_control(w[i]))
			n += 3; /* "\DDD" for one byte */
	return n;
}

/* copy_shown
 * A name as it is shown: control bytes as \DDD, as DNS names are shown (glibc hands
 * them on raw, and a terminal would obey them); every other byte as it is. */
static void copy_shown(char *out, const char *w, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)w[i];
		if (!is_control(w[i])) {
			*out++ = (char)c;
			continue;
		}
		*out++ = '\\';
		*out++ = (char)('0' + c / 100);
		*out++ = (char)('0' + c / 10 % 10);
		*out++ = (char)('0' + c % 10);
	}
}

/* grow
 * Room for one more element of size each in *v (capacity *cap). */
static bool grow(void **v, size_t *cap, size_t used, size_t more, size_t each)
{
	if (used + more <= *cap)
		return true;
	size_t c = *cap ? *cap : 64;
	while (c < used + more)
		c *= 2;
	void *nv = realloc(*v, c * each);
	if (!nv)
		return false;
	*v = nv;
	*cap = c;
	return true;
}

/* add_entry
 * Keep one address and its name ("" from a line that gives none). */
static bool add_entry(struct dns_hosts *h, const struct netdx_addr *a, const char *name, size_t len)
{
	size_t shown = shown_len(name, len);
	if (h->names_len + shown + 1 > UINT32_MAX ||
	    !grow((void **)&h->v, &h->cap, h->n, 1, sizeof(*h->v)) ||
	    !grow((void **)&h->names, &h->names_cap, h->names_len, shown + 1, 1))
		return false;
	struct hosts_entry *e = &h->v[h->n++];
	int fam = addr_family(a);
	*e = (struct hosts_entry){.family = (uint8_t)fam, .name = (uint32_t)h->names_len};
	memcpy(e->bytes, addr_bytes(a), fam == AF_INET ? 4 : 16);
	copy_shown(h->names + h->names_len, name, len);
	h->names[h->names_len + shown] = '\0';
	h->names_len += shown + 1;
	return true;
}

/* parse_line
 * "ADDRESS [NAME [ALIAS...]]": the address and its first name. As in glibc, an address
 * without a name (or with a comment right after it) is an entry all the same: the
 * file knows the address, and gives it no name. */
static bool parse_line(struct dns_hosts *h, const char *p, const char *end)
{
	const char *w, *name = "";
	size_t wlen, nlen = 0;
	struct netdx_addr a;
	if (!next_word(&p, end, &w, &wlen) || !address_of(w, wlen, &a))
		return true; /* not an entry: skipped */
	if (!next_word(&p, end, &name, &nlen))
		nlen = 0;
	return add_entry(h, &a, name, nlen);
}

/* text_end
 * Where a file's text ends: at its first NUL, else after len bytes. */
static const char *text_end(const char *text, size_t len)
{
	const char *nul = memchr(text, '\0', len);

	return nul ? nul : text + len;
}

/* line_end
 * The newline that ends the line at p, or end for a last line without one. */
static const char *line_end(const char *p, const char *end)
{
	const char *eol = memchr(p, '\n', (size_t)(end - p));

	return eol ? eol : end;
}

/* dns_hosts_parse
 * Every line of a hosts file's text (up to a NUL), entries kept in file order. */
enum dns_status dns_hosts_parse(const char *text, size_t len, struct dns_hosts **out)
{
	struct dns_hosts *h = calloc(1, sizeof(*h));
	if (!h)
		return DNS_E_NOMEM;
	const char *end = text_end(text, len);
	for (const char *p = text; p < end;) {
		const char *eol = line_end(p, end);
		if (!parse_line(h, p, eol)) {
			dns_hosts_free(h);
			return DNS_E_NOMEM;
		}
		p = eol + 1;
	}
	*out = h;
	return DNS_OK;
}

/* dns_hosts_load
 * Read the file (bounded) and parse it; an empty file is an empty table. */
enum dns_status dns_hosts_load(const char *path, struct dns_hosts **out)
{
	char *buf;
	size_t len;
	enum dns_status st = dns_file_read(path, DNS_HOSTS_MAX_FILE, &buf, &len);
	if (st != DNS_OK)
		return st;
	st = dns_hosts_parse(buf ? buf : "", len, out);
	free(buf);
	return st;
}

/* dns_hosts_free
 * Release a table; NULL is fine. */
void dns_hosts_free(struct dns_hosts *h)
{
	if (!h)
		return;
	free(h->v);
	free(h->names);
	free(h);
}

/* v4_view
 * The IPv4 address glibc reads an IPv6 line's address as when it looks up an IPv4
 * address: a v4-mapped address is its IPv4 part, ::1 is 127.0.0.1; others have none. */
static bool v4_view(const struct hosts_entry *e, uint8_t out[4])
{
	static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
	static const uint8_t loopback6[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
	static const uint8_t loopback4[4] = {127, 0, 0, 1};
	if (e->family != AF_INET6)
		return false;
	if (memcmp(e->bytes, mapped, sizeof(mapped)) == 0)
		memcpy(out, e->bytes + 12, 4);
	else if (memcmp(e->bytes, loopback6, sizeof(loopback6)) == 0)
		memcpy(out, loopback4, 4);
	else
		return false;
	return true;
}

/* entry_names
 * Whether entry e is a line glibc finds for the address (family fam, these bytes). */
static bool entry_names(const struct hosts_entry *e, int fam, const void *bytes)
{
	uint8_t v4[4];
	if (e->family == fam)
		return memcmp(e->bytes, bytes, fam == AF_INET ? 4 : 16) == 0;
	return fam == AF_INET && v4_view(e, v4) && memcmp(v4, bytes, 4) == 0;
}

/* dns_hosts_name
 * The first name the file gives an IPv4 or IPv6 address ("" from a line without one),
 * or NULL when no line has it. */
const char *dns_hosts_name(const struct dns_hosts *h, const struct netdx_addr *a)
{
	int fam = addr_family(a);
	if (fam != AF_INET && fam != AF_INET6)
		return NULL;
	const void *bytes = addr_bytes(a);
	for (size_t i = 0; i < h->n; i++)
		if (entry_names(&h->v[i], fam, bytes))
			return h->names + h->v[i].name;
	return NULL;
}

/* dns_hosts_count
 * How many address entries the table holds. */
size_t dns_hosts_count(const struct dns_hosts *h)
{
	return h->n;
}

/* is_dns_source
 * An nsswitch source that asks DNS servers. */
static bool is_dns_source(const char *w, size_t len)
{
	return (len == 3 && memcmp(w, "dns", 3) == 0) || (len == 7 && memcmp(w, "resolve", 7) == 0);
}

/* order_of_line
 * The order the sources of one "hosts:" line give, from its first word after the key. */
static enum dns_hosts_order order_of_line(const char *p, const char *end)
{
	const char *w;
	size_t len;
	bool files = false, dns = false, files_first = false;
	while (next_word(&p, end, &w, &len)) {
		if (len == 5 && memcmp(w, "files", 5) == 0 && !files) {
			files = true;
			files_first = !dns;
		} else if (is_dns_source(w, len)) {
			dns = true;
		}
	}
	if (files && dns)
		return files_first ? DNS_HOSTS_FIRST : DNS_HOSTS_AFTER_DNS;
	if (files)
		return DNS_HOSTS_ONLY;
	return dns ? DNS_HOSTS_NEVER : DNS_HOSTS_FIRST;
}

/* dns_hosts_order_parse
 * The order nsswitch.conf's first "hosts:" line gives (hosts first without one). */
enum dns_hosts_order dns_hosts_order_parse(const char *text, size_t len)
{
	const char *end = text_end(text, len);
	for (const char *p = text; p < end;) {
		const char *eol = line_end(p, end);
		const char *q = p, *w;
		size_t wlen;
		/* "hosts:" may touch its first source ("hosts:files dns") */
		if (next_word(&q, eol, &w, &wlen) && wlen >= 6 && memcmp(w, "hosts:", 6) == 0)
			return order_of_line(w + 6, eol); /* the first hosts line is the one used */
		p = eol + 1;
	}
	return DNS_HOSTS_FIRST;
}

/* dns_hosts_order_load
 * nsswitch.conf's hosts order; an unreadable file means the hosts file first. */
enum dns_hosts_order dns_hosts_order_load(const char *path)
{
	char *buf;
	size_t len;
	if (dns_file_read(path, NSSWITCH_MAX_FILE, &buf, &len) != DNS_OK || !buf)
		return DNS_HOSTS_FIRST;
	enum dns_hosts_order order = dns_hosts_order_parse(buf, len);
	free(buf);
	return order;
}
