/* dns_identity.c — a resolver's NSID and CHAOS TXT answers as printable text. */
#include <string.h>

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
