/* dns_identity.c — a resolver's NSID and CHAOS TXT answers as printable text, and the
 * address a whoami answer gives. */
#include <string.h>

#include "netdx/addr.h"
#include "netdx/dns_identity.h"
#include "netdx/dns_type.h"

/* identity_put
 * Append the bytes to buf[*at..cap) as printable text, stopping short of the NUL's room. */
static void identity_put(const uint8_t *data, size_t len, char *buf, size_t cap, size_t *at)
{
	for (size_t i = 0; i < len && *at + 1 < cap; i++)
		buf[(*at)++] = data[i] >= 0x20 && data[i] < 0x7f ? (char)data[i] : '.';
	buf[*at] = '\0';
}

void dns_nsid_text(const uint8_t *data, size_t len, char *buf, size_t cap)
{
	size_t at = 0;

	if (cap == 0)
		return;
	buf[0] = '\0';
	identity_put(data, len, buf, cap, &at);
}

bool dns_chaos_txt(const struct dns_msg *msg, char *buf, size_t cap)
{
	static const uint8_t space = ' ';
	size_t at = 0;

	if (cap == 0)
		return false;
	buf[0] = '\0';
	for (size_t i = 0; i < msg->n[DNS_S_ANSWER]; i++) {
		const struct dns_rr *rr = &msg->rr[DNS_S_ANSWER][i];
		if (rr->type != DNS_T_TXT)
			continue;
		const uint8_t *p = msg->wire + rr->rdoff, *end = p + rr->rdlen;
		while (p < end) {
			size_t n = *p++;
			if (n > (size_t)(end - p)) { /* dns_msg_parse refuses these: a bound */
				buf[0] = '\0';
				return false;
			}
			if (at > 0)
				identity_put(&space, 1, buf, cap, &at);
			identity_put(p, n, buf, cap, &at);
			p += n;
		}
		return true;
	}
	return false;
}

/* whoami_txt_addr
 * A TXT record's first string that is an address literal, into *out. */
static bool whoami_txt_addr(const uint8_t *p, const uint8_t *end, struct netdx_addr *out)
{
	char text[ADDR_STRLEN];

	while (p < end) {
		size_t n = *p++;
		if (n > (size_t)(end - p))
			return false;
		if (n < sizeof(text)) {
			memcpy(text, p, n);
			text[n] = '\0';
			if (strlen(text) == n && addr_parse_literal(text, AF_UNSPEC, out))
				return true;
		}
		p += n;
	}
	return false;
}

bool dns_whoami_addr(const struct dns_msg *msg, char *buf, size_t cap)
{
	struct netdx_addr a;

	if (cap == 0)
		return false;
	buf[0] = '\0';
	for (size_t i = 0; i < msg->n[DNS_S_ANSWER]; i++) {
		const struct dns_rr *rr = &msg->rr[DNS_S_ANSWER][i];
		const uint8_t *p = msg->wire + rr->rdoff;
		bool found = true;
		if (rr->type == DNS_T_A && rr->rdlen == 4)
			addr_from_bytes(&a, AF_INET, p);
		else if (rr->type == DNS_T_AAAA && rr->rdlen == 16)
			addr_from_bytes(&a, AF_INET6, p);
		else
			found = rr->type == DNS_T_TXT && whoami_txt_addr(p, p + rr->rdlen, &a);
		if (found) {
			addr_to_str(&a, buf, cap);
			return true;
		}
	}
	return false;
}
