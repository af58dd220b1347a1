/* dns_cymru.c — Team Cymru's IP-to-ASN answers read field by field (see
 * netdx/dns_cymru.h). */
#include "netdx/dns_cymru.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "netdx/dns_type.h"
#include "netdx/wire.h"

#define CYMRU_FIELDS 5 /* both answers have five fields */

/* One field of an answer: a piece of the text, blanks around it left out. */
struct cymru_field {
	const char *p;
	size_t len;
};

enum dns_status dns_cymru_origin_name(const struct netdx_addr *a, char *buf, size_t len)
{
	const uint8_t *b;
	size_t n = 0;
	int w;

	if (addr_family(a) != AF_INET && addr_family(a) != AF_INET6)
		return DNS_E_SYNTAX;
	b = addr_bytes(a);
	if (addr_family(a) == AF_INET) {
		w = snprintf(buf, len, "%u.%u.%u.%u.%s", b[3], b[2], b[1], b[0], DNS_CYMRU_ORIGIN4);
		return w >= 0 && (size_t)w < len ? DNS_OK : DNS_E_NOSPACE;
	}
	for (int i = 15; i >= 0; i--) {
		w = snprintf(buf + n, len - n, "%x.%x.", b[i] & 0xf, b[i] >> 4);
		if (w < 0 || (size_t)w >= len - n)
			return DNS_E_NOSPACE;
		n += (size_t)w;
	}
	w = snprintf(buf + n, len - n, "%s", DNS_CYMRU_ORIGIN6);
	return w >= 0 && (size_t)w < len - n ? DNS_OK : DNS_E_NOSPACE;
}

enum dns_status dns_cymru_asname_name(uint32_t asn, char *buf, size_t len)
{
	int w = snprintf(buf, len, "AS%u.%s", (unsigned)asn, DNS_CYMRU_ASNAMES);
	return w >= 0 && (size_t)w < len ? DNS_OK : DNS_E_NOSPACE;
}

/* txt_join
 * The character-strings of one TXT rdata joined into buf; false when one runs past
 * the record, holds a NUL, or the whole does not fit. */
static bool txt_join(struct wire_reader r, char *buf, size_t len)
{
	size_t n = 0;
	while (wire_left(&r) > 0) {
		uint8_t slen = wire_get8(&r);
		const uint8_t *s = wire_take(&r, slen);
		if (!s || n + slen >= len || memchr(s, '\0', slen))
			return false;
		memcpy(buf + n, s, slen);
		n += slen;
	}
	buf[n] = '\0';
	return !r.error;
}

enum dns_status dns_cymru_txt(const struct dns_msg *m, char *buf, size_t len)
{
	for (size_t i = 0; i < m->n[DNS_S_ANSWER]; i++) {
		const struct dns_rr *rr = &m->rr[DNS_S_ANSWER][i];
		if (rr->type != DNS_T_TXT || rr->cls != DNS_C_IN)
			continue;
		if (len == 0 || rr->rdoff > m->len || rr->rdlen > m->len - rr->rdoff)
			return DNS_E_BADRDATA;
		struct wire_reader r = wire_reader_at(m->wire + rr->rdoff, rr->rdlen, 0);
		return txt_join(r, buf, len) ? DNS_OK : DNS_E_BADRDATA;
	}
	return DNS_E_BADRDATA;
}

/* is_blank */
static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* split
 * The five '|'-separated fields of txt, trimmed; false for any other count. */
static bool split(const char *txt, struct cymru_field f[CYMRU_FIELDS])
{
	size_t n = 0;
	const char *p = txt;
	for (;;) {
		const char *end = strchr(p, '|');
		const char *stop = end ? end : p + strlen(p);
		if (n == CYMRU_FIELDS)
			return false;
		while (p < stop && is_blank(*p))
			p++;
		while (stop > p && is_blank(stop[-1]))
			stop--;
		f[n++] = (struct cymru_field){p, (size_t)(stop - p)};
		if (!end)
			return n == CYMRU_FIELDS;
		p = end + 1;
	}
}

/* copy_field
 * A field of printable ASCII into buf (len with the NUL); false when it holds anything
 * else or does not fit. */
static bool copy_field(const struct cymru_field *f, char *buf, size_t len)
{
	if (f->len >= len)
		return false;
	for (size_t i = 0; i < f->len; i++)
		if (f->p[i] < 0x20 || f->p[i] > 0x7e)
			return false;
	memcpy(buf, f->p, f->len);
	buf[f->len] = '\0';
	return true;
}

/* parse_asn
 * The first of the blank-separated AS numbers of a field (each 1..4294967295 in
 * digits only); false when any of them is not one. */
static bool parse_asn(const struct cymru_field *f, uint32_t *out)
{
	bool first = true;
	size_t i = 0;
	while (i < f->len) {
		uint64_t v = 0;
		size_t start = i;
		for (; i < f->len && f->p[i] >= '0' && f->p[i] <= '9' && i - start < 10; i++)
			v = v * 10 + (uint64_t)(f->p[i] - '0');
		if (i == start || v == 0 || v > UINT32_MAX || (i < f->len && !is_blank(f->p[i])))
			return false;
		if (first)
			*out = (uint32_t)v;
		first = false;
		while (i < f->len && is_blank(f->p[i]))
			i++;
	}
	return !first;
}

/* parse_prefix
 * "10.0.1.0/24" of family into out; false for anything else. */
static bool parse_prefix(const struct cymru_field *f, int family, struct dns_cymru_origin *out)
{
	struct addr_cidr c;
	if (!copy_field(f, out->prefix_text, sizeof(out->prefix_text)) ||
	    !strchr(out->prefix_text, '/') ||
	    addr_cidr_parse(out->prefix_text, &c, NULL) != NETDX_OK ||
	    addr_family(&c.base) != family)
		return false;
	out->prefix = c.base;
	out->prefix_len = c.prefix;
	return true;
}

enum dns_status dns_cymru_parse_origin(const char *txt, int family, struct dns_cymru_origin *out)
{
	struct cymru_field f[CYMRU_FIELDS];
	struct dns_cymru_origin o = {0};
	if (!split(txt, f) || !parse_asn(&f[0], &o.asn) || !parse_prefix(&f[1], family, &o) ||
	    !copy_field(&f[2], o.country, sizeof(o.country)) ||
	    !copy_field(&f[3], o.registry, sizeof(o.registry)) ||
	    !copy_field(&f[4], o.allocated, sizeof(o.allocated)))
		return DNS_E_BADRDATA;
	*out = o;
	return DNS_OK;
}

enum dns_status dns_cymru_parse_asname(const char *txt, uint32_t asn, char *name, size_t len)
{
	struct cymru_field f[CYMRU_FIELDS];
	char text[DNS_CYMRU_NAME];
	uint32_t got;
	if (!split(txt, f) || f[0].len == 0 || !parse_asn(&f[0], &got) || got != asn ||
	    f[4].len == 0 || !copy_field(&f[4], text, sizeof(text)) || strlen(text) >= len)
		return DNS_E_BADRDATA;
	memcpy(name, text, strlen(text) + 1);
	return DNS_OK;
}
