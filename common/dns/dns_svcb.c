/* dns_svcb.c — SVCB/HTTPS SvcParams (see netdx/dns_svcb.h). */
#include "netdx/dns_svcb.h"

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdio.h>

#include "netdx/dns_msg.h"
#include "netdx/wire.h"

/* How a key's value is encoded. */
enum svcb_enc {
	ENC_TEXT,
	ENC_PORT,
	ENC_IPV4,
	ENC_IPV6,
	ENC_BASE64,
	ENC_EMPTY,
	ENC_ALPN,
	ENC_KEYLIST
};

/* One registered key. */
struct svcb_key {
	uint16_t key;      /* number */
	const char *name;  /* presentation name */
	enum svcb_enc enc; /* value encoding */
};

static const struct svcb_key svcb_keys[] = {
	{0, "mandatory", ENC_KEYLIST}, {1, "alpn", ENC_ALPN},     {2, "no-default-alpn", ENC_EMPTY},
	{3, "port", ENC_PORT},         {4, "ipv4hint", ENC_IPV4}, {5, "ech", ENC_BASE64},
	{6, "ipv6hint", ENC_IPV6},     {7, "dohpath", ENC_TEXT},
};

#define SVCB_MANDATORY 0
#define SVCB_ALPN 1
#define SVCB_NO_DEFAULT_ALPN 2

/* svcb_lookup
 * The registered key, or NULL (then the value is text and the name key<n>). */
static const struct svcb_key *svcb_lookup(uint16_t key)
{
	for (size_t i = 0; i < sizeof(svcb_keys) / sizeof(svcb_keys[0]); i++)
		if (svcb_keys[i].key == key)
			return &svcb_keys[i];
	return NULL;
}

/* svcb_key_name
 * "alpn" or "key65000" into buf. */
static const char *svcb_key_name(uint16_t key, char *buf, size_t len)
{
	const struct svcb_key *k = svcb_lookup(key);

	if (k)
		return k->name;
	snprintf(buf, len, "key%u", key);
	return buf;
}

/* svcb_validate
 * BIND's svcb_validate: the value fits its key's encoding. */
static bool svcb_validate(uint16_t key, const uint8_t *v, size_t len)
{
	const struct svcb_key *k = svcb_lookup(key);

	if (k == NULL)
		return true;
	switch (k->enc) {
	case ENC_PORT:
		return len == 2;
	case ENC_IPV4:
		return len != 0 && len % 4 == 0;
	case ENC_IPV6:
		return len != 0 && len % 16 == 0;
	case ENC_ALPN:
		if (len == 0)
			return false;
		for (size_t i = 0; i < len;) {
			size_t l = (size_t)v[i] + 1;
			if (l == 1 || l > len - i)
				return false;
			i += l;
		}
		return true;
	case ENC_KEYLIST:
		if (len == 0 || len % 2 != 0)
			return false;
		for (size_t i = 2; i < len; i += 2)
			if (wire_be16(v + i - 2) >= wire_be16(v + i))
				return false;
		return true;
	case ENC_EMPTY:
		return len == 0;
	case ENC_TEXT:
	case ENC_BASE64:
		return true;
	}
	return true;
}

/* svcb_alpn
 * "h2,h3": each id unquoted with commas escaped \\, and backslashes \\\\. */
static void svcb_alpn(struct dns_text *t, const uint8_t *v, size_t len)
{
	dns_text_addc(t, '"');
	for (size_t i = 0; i < len;) {
		size_t l = v[i++];
		for (size_t j = 0; j < l; j++, i++) {
			uint8_t c = v[i];
			if (c < 0x21 || c >= 0x7f) {
				dns_text_printf(t, "\\%03u", c);
				continue;
			}
			if (c == '"' || c == '\\' || c == ',')
				dns_text_addc(t, '\\');
			if (c == ',' || c == '\\')
				dns_text_addc(t, '\\');
			if (c == '\\')
				dns_text_addc(t, '\\');
			dns_text_addc(t, (char)c);
		}
		if (i < len)
			dns_text_addc(t, ',');
	}
	dns_text_addc(t, '"');
}

/* svcb_addresses
 * ipv4hint / ipv6hint: the addresses, comma separated (len is a multiple of their size). */
static void svcb_addresses(struct dns_text *t, int family, const uint8_t *v, size_t len)
{
	size_t size = family == AF_INET ? 4 : 16;
	char buf[INET6_ADDRSTRLEN];

	for (size_t i = 0; i < len; i += size) {
		inet_ntop(family, v + i, buf, sizeof(buf));
		dns_text_add(t, buf);
		if (i + size < len)
			dns_text_addc(t, ',');
	}
}

/* svcb_value
 * The value's presentation (no key, no '='). */
static void svcb_value(struct dns_text *t, uint16_t key, const uint8_t *v, size_t len)
{
	const struct svcb_key *k = svcb_lookup(key);
	enum svcb_enc enc = k ? k->enc : ENC_TEXT;

	switch (enc) {
	case ENC_TEXT:
		dns_text_charstring(t, v, len, true); /* the whole value, one string */
		break;
	case ENC_PORT:
		dns_text_printf(t, "%u", wire_be16(v));
		break;
	case ENC_IPV4:
		svcb_addresses(t, AF_INET, v, len);
		break;
	case ENC_IPV6:
		svcb_addresses(t, AF_INET6, v, len);
		break;
	case ENC_BASE64:
		dns_text_base64(t, v, len, 0);
		break;
	case ENC_ALPN:
		svcb_alpn(t, v, len);
		break;
	case ENC_KEYLIST:
		for (size_t i = 0; i < len; i += 2) {
			char kb[16];
			dns_text_add(t, svcb_key_name(wire_be16(v + i), kb, sizeof(kb)));
			if (i + 2 < len)
				dns_text_addc(t, ',');
		}
		break;
	case ENC_EMPTY:
		break;
	}
}

/* svcb_check
 * BIND's fromwire rules for the whole parameter list. */
static bool svcb_check(const uint8_t *p, size_t len)
{
	struct wire_reader r = wire_reader_at(p, len, 0);
	size_t man_pos = 0, man_end = 0;
	uint16_t last = 0, mankey = 0;
	bool first = true, have_alpn = false, have_man = false;

	while (wire_left(&r) > 0) {
		uint16_t key = wire_get16(&r), vlen = wire_get16(&r);
		size_t pos = r.pos;
		wire_take(&r, vlen);
		if (r.error)
			return false;
		if (!first && key <= last)
			return false;
		if (have_man) {
			if (key > mankey)
				return false;
			if (key == mankey) {
				if (man_end - man_pos >= 2) {
					mankey = wire_be16(p + man_pos);
					man_pos += 2;
				} else {
					have_man = false;
				}
			}
		}
		if (key == SVCB_ALPN)
			have_alpn = true;
		else if (key == SVCB_NO_DEFAULT_ALPN && !have_alpn)
			return false;
		first = false;
		last = key;
		if (key == SVCB_MANDATORY) {
			if (vlen < 2 || wire_be16(p + pos) == SVCB_MANDATORY)
				return false;
			mankey = wire_be16(p + pos);
			man_pos = pos + 2;
			man_end = pos + vlen;
			have_man = true;
		}
		if (!svcb_validate(key, p + pos, vlen))
			return false;
	}
	return !have_man;
}

/* dns_svcb_params
 * Check the whole list first, then print or convert each parameter. */
enum dns_status dns_svcb_params(const uint8_t *p, size_t len, struct dns_text *text,
				dns_rdata_visit_fn *visit, void *arg)
{
	struct wire_reader r = wire_reader_at(p, len, 0);

	if (!svcb_check(p, len))
		return DNS_E_BADRDATA;
	while (wire_left(&r) > 0) {
		uint16_t key = wire_get16(&r), vlen = wire_get16(&r);
		const uint8_t *value = wire_take(&r, vlen);
		char kb[16];
		const char *name = svcb_key_name(key, kb, sizeof(kb));
		struct dns_text v;

		dns_text_init(&v);
		if (vlen > 0)
			svcb_value(&v, key, value, vlen);
		if (text) {
			dns_text_addc(text, ' ');
			dns_text_add(text, name);
			if (vlen > 0) {
				dns_text_addc(text, '=');
				dns_text_add(text, dns_text_str(&v));
			}
		}
		if (visit) {
			struct dns_rdata_field f = {DNS_RDATA_TEXT, name, 0, dns_text_str(&v)};
			visit(arg, &f);
		}
		dns_text_free(&v);
	}
	return DNS_OK;
}
