/* dns_rdata — record data: well-formedness per type, BIND's single-line presentation
 * text (what `dig +short` and nslookup print), and typed JSON fields.
 *
 * One table describes each type as a list of fields (name, 16-bit number, character
 * string, base64 tail, type bitmap, ...); the same walk checks, prints and builds
 * JSON, so the three never disagree. Types without an entry, and IN-only types in
 * another class, print as RFC 3597 "\# <len> <hex>". */
#ifndef NETDX_DNS_RDATA_H
#define NETDX_DNS_RDATA_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "netdx/dns_msg.h"
#include "netdx/dns_status.h"
#include "netdx/dns_text.h"

/* The rdata of one record: where it sits in its message (names inside may point
 * back into the message). */
struct dns_rdata {
	const uint8_t *msg; /* the whole message */
	size_t msglen;
	uint16_t type;
	uint16_t cls;
	size_t off;         /* first rdata byte */
	uint16_t len;       /* rdata length */
};

/* The rdata view of record rr of msg. */
struct dns_rdata dns_rdata_of(const struct dns_msg *msg, const struct dns_rr *rr);

/* DNS_OK when the rdata is well formed for its type; DNS_E_BADRDATA (or a name
 * error) otherwise. Types printed as RFC 3597 accept any bytes. */
enum dns_status dns_rdata_check(const struct dns_rdata *rd);

/* Append the presentation text ("10 mail.example.", "\"v=spf1 -all\"", ...) to out.
 * Returns the check's status; out is unchanged on error. */
enum dns_status dns_rdata_to_text(const struct dns_rdata *rd, struct dns_text *out);

/* A JSON object of the typed fields ({"preference": 10, "exchange": "mail.example."},
 * {"data": "\\# 4 0A000001"} for RFC 3597), or NULL on error / allocation failure. */
json_t *dns_rdata_to_json(const struct dns_rdata *rd);

/* Seconds since the epoch as YYYYMMDDHHMMSS (RRSIG times; 32-bit values are taken
 * relative to now with serial arithmetic, as BIND does). buf holds 15 bytes. */
void dns_rdata_time_text(uint32_t value, uint64_t now, char *buf, size_t len);

#endif
