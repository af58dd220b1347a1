/* dns_name.c — wire and text forms of domain names (see netdx/dns_name.h). */
#include "netdx/dns_name.h"

#include <stdio.h>
#include <string.h>

/* dns_name_root
 * The root name: a single zero-length label. */
void dns_name_root(struct dns_name *n)
{
	n->len = 1;
	n->wire[0] = 0;
}

/* dns_name_unpack
 * Follow labels and pointers; every pointer must go strictly backwards. */
enum dns_status dns_name_unpack(const uint8_t *msg, size_t msglen, size_t *off,
				struct dns_name *out)
{
	size_t pos = *off, limit = *off, end = 0, len = 0;
	bool jumped = false;

	if (msg == NULL || off == NULL || out == NULL)
		return DNS_E_SHORT;
	for (;;) {
		if (pos >= msglen)
			return DNS_E_SHORT;
		uint8_t c = msg[pos];
		if ((c & 0xc0) == 0xc0) {
			if (pos + 1 >= msglen)
				return DNS_E_SHORT;
			size_t target = ((size_t)(c & 0x3f) << 8) | msg[pos + 1];
			if (!jumped)
				end = pos + 2;
			/* strictly before the name and before any earlier target: no loops */
			if (target >= limit)
				return DNS_E_BADPTR;
			limit = target;
			pos = target;
			jumped = true;
			continue;
		}
		if ((c & 0xc0) != 0)
			return DNS_E_BADLABEL;
		if (pos + 1 + c > msglen)
			return DNS_E_SHORT;
		if (len + 1 + c > DNS_NAME_MAXWIRE)
			return DNS_E_NOSPACE;
		memcpy(out->wire + len, msg + pos, (size_t)c + 1);
		len += (size_t)c + 1;
		pos += (size_t)c + 1;
		if (c == 0)
			break;
	}
	out->len = (uint8_t)len;
	*off = jumped ? end : pos;
	return DNS_OK;
}

/* dns_name_pack
 * Copy the wire form; queries carry one name, so no compression is needed. */
enum dns_status dns_name_pack(const struct dns_name *n, uint8_t *buf, size_t cap, size_t *len)
{
	if (*len > cap || cap - *len < n->len)
		return DNS_E_NOSPACE;
	memcpy(buf + *len, n->wire, n->len);
	*len += n->len;
	return DNS_OK;
}

/* name_digit
 * Value of a decimal digit, -1 for anything else. */
static int name_digit(char c)
{
	return (c >= '0' && c <= '9') ? c - '0' : -1;
}

/* name_read_char
 * One octet of a label from text at *p, undoing \X and \DDD escapes. */
static enum dns_status name_read_char(const char **p, uint8_t *out)
{
	const char *s = *p;

	if (*s != '\\') {
		*out = (uint8_t)*s;
		*p = s + 1;
		return DNS_OK;
	}
	s++;
	if (*s == '\0')
		return DNS_E_UNEXPECTEDEND;
	if (name_digit(*s) >= 0) {
		/* \DDD is exactly three digits inside a longer text: not cli_parse_long's
		 * whole-string number */
		int v = 0;
		for (int i = 0; i < 3; i++) {
			if (name_digit(s[i]) < 0)
				return s[i] == '\0' ? DNS_E_UNEXPECTEDEND : DNS_E_BADESCAPE;
			v = v * 10 + name_digit(s[i]);
		}
		if (v > 255)
			return DNS_E_BADESCAPE;
		*out = (uint8_t)v;
		*p = s + 3;
		return DNS_OK;
	}
	*out = (uint8_t)*s;
	*p = s + 1;
	return DNS_OK;
}

/* dns_name_from_text
 * Labels from text, then the origin (or root) unless the text ends in a dot. */
enum dns_status dns_name_from_text(const char *text, const struct dns_name *origin,
				   struct dns_name *out, bool *absolute)
{
	uint8_t wire[DNS_NAME_MAXWIRE + DNS_LABEL_MAX + 2];
	size_t len = 0;
	const char *p = text;
	bool abs = false;
	enum dns_status st;

	if (text == NULL || out == NULL)
		return DNS_E_UNEXPECTEDEND;
	if (*p == '\0')
		return DNS_E_UNEXPECTEDEND;
	if (p[0] == '.' && p[1] == '\0') {
		dns_name_root(out);
		if (absolute)
			*absolute = true;
		return DNS_OK;
	}
	while (*p != '\0') {
		size_t lab = len++;
		size_t n = 0;
		while (*p != '\0' && *p != '.') {
			uint8_t c;
			st = name_read_char(&p, &c);
			if (st != DNS_OK)
				return st;
			if (n == DNS_LABEL_MAX)
				return DNS_E_LABELTOOLONG;
			if (len >= DNS_NAME_MAXWIRE)
				return DNS_E_NOSPACE;
			wire[len++] = c;
			n++;
		}
		if (n == 0)
			return DNS_E_EMPTYLABEL;
		wire[lab] = (uint8_t)n;
		if (*p == '.') {
			p++;
			if (*p == '\0')
				abs = true;
		}
	}
	if (abs || origin == NULL) {
		if (len + 1 > DNS_NAME_MAXWIRE)
			return DNS_E_NOSPACE;
		wire[len++] = 0;
	} else {
		if (len + origin->len > DNS_NAME_MAXWIRE)
			return DNS_E_NAMETOOLONG;
		memcpy(wire + len, origin->wire, origin->len);
		len += origin->len;
	}
	memcpy(out->wire, wire, len);
	out->len = (uint8_t)len;
	if (absolute)
		*absolute = abs;
	return DNS_OK;
}

/* name_special
 * Characters BIND escapes with a plain backslash inside a label. */
static bool name_special(uint8_t c)
{
	return c == '"' || c == '(' || c == ')' || c == '.' || c == ';' || c == '\\' || c == '@' ||
	       c == '$';
}

/* dns_name_to_text
 * BIND's dns_name_totext: escapes as described in the header, dot-separated. */
size_t dns_name_to_text(const struct dns_name *n, char *buf, size_t cap, bool final_dot)
{
	char tmp[DNS_NAME_MAXTEXT];
	size_t t = 0, pos = 0;

	if (n->len <= 1) {
		tmp[t++] = '.';
	} else {
		while (pos < n->len && n->wire[pos] != 0) {
			uint8_t l = n->wire[pos++];
			for (uint8_t i = 0; i < l && pos < n->len; i++) {
				uint8_t c = n->wire[pos++];
				if (name_special(c)) {
					tmp[t++] = '\\';
					tmp[t++] = (char)c;
				} else if (c > 0x20 && c < 0x7f) {
					tmp[t++] = (char)c;
				} else {
					t += (size_t)snprintf(tmp + t, 5, "\\%03u", c);
				}
			}
			if (pos < n->len && (n->wire[pos] != 0 || final_dot))
				tmp[t++] = '.';
		}
	}
	if (cap == 0)
		return t;
	size_t k = t < cap - 1 ? t : cap - 1;
	memcpy(buf, tmp, k);
	buf[k] = '\0';
	return k;
}

/* name_lower
 * ASCII lower case of one octet. */
static uint8_t name_lower(uint8_t c)
{
	return (c >= 'A' && c <= 'Z') ? (uint8_t)(c + 32) : c;
}

/* dns_name_equal
 * Octet-wise compare with ASCII case folded (length octets never fold). */
bool dns_name_equal(const struct dns_name *a, const struct dns_name *b)
{
	if (a->len != b->len)
		return false;
	for (size_t i = 0; i < a->len; i++)
		if (name_lower(a->wire[i]) != name_lower(b->wire[i]))
			return false;
	return true;
}

/* dns_name_labels
 * Count labels, the root one included. */
unsigned dns_name_labels(const struct dns_name *n)
{
	unsigned count = 0;
	size_t pos = 0;

	while (pos < n->len) {
		count++;
		if (n->wire[pos] == 0)
			break;
		pos += (size_t)n->wire[pos] + 1;
	}
	return count;
}

/* dns_name_is_below
 * True when some label boundary of n starts a suffix equal to zone. */
bool dns_name_is_below(const struct dns_name *n, const struct dns_name *zone)
{
	size_t pos = 0;

	if (zone->len > n->len)
		return false;
	while (pos < n->len) {
		if (n->len - pos == zone->len) {
			struct dns_name tail;
			tail.len = zone->len;
			memcpy(tail.wire, n->wire + pos, zone->len);
			return dns_name_equal(&tail, zone);
		}
		if (n->wire[pos] == 0)
			break;
		pos += (size_t)n->wire[pos] + 1;
	}
	return false;
}
