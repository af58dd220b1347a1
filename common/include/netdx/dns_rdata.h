/* dns_rdata — record data: well-formedness per type, BIND's single-line presentation
 * text (what `dig +short` and nslookup print), and its typed fields one by one.
 *
 * One table describes each type as a list of fields (name, 16-bit number, character
 * string, base64 tail, type bitmap, ...); the same walk checks, prints and hands the
 * fields to a visitor, so the three never disagree. What the fields become (nslookup's
 * JSON) is the visitor's business: the codec builds no output documents. Types without
 * an entry, and IN-only types in another class, print as RFC 3597 "\# <len> <hex>". */
#ifndef NETDX_DNS_RDATA_H
#define NETDX_DNS_RDATA_H

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
	size_t off;   /* first rdata byte */
	uint16_t len; /* rdata length */
};

/* The rdata view of record rr of msg. */
struct dns_rdata dns_rdata_of(const struct dns_msg *msg, const struct dns_rr *rr);

/* DNS_OK when the rdata is well formed for its type; DNS_E_BADRDATA (or a name
 * error) otherwise. Types printed as RFC 3597 accept any bytes. */
enum dns_status dns_rdata_check(const struct dns_rdata *rd);

/* Append the presentation text ("10 mail.example.", "\"v=spf1 -all\"", ...) to out.
 * Returns the check's status; out is unchanged on error. */
enum dns_status dns_rdata_to_text(const struct dns_rdata *rd, struct dns_text *out);

/* What a visitor is handed: a field with a value, or the start of a field that holds
 * several (TXT strings, bitmap types, APL items, WKS ports as a list; SVCB params as
 * named members), whose values follow up to DNS_RDATA_END. Lists do not nest. */
enum dns_rdata_event {
	DNS_RDATA_NUMBER, /* key and number */
	DNS_RDATA_TEXT,   /* key and text */
	DNS_RDATA_LIST,   /* key; the values up to END are its items (their key NULL) */
	DNS_RDATA_MAP,    /* key; the values up to END are its named members */
	DNS_RDATA_END,    /* the list or map is complete */
};

/* One event of the walk. */
struct dns_rdata_field {
	enum dns_rdata_event event;
	const char *key;  /* "preference", "exchange", ...; NULL for a list's item */
	uint32_t number;  /* DNS_RDATA_NUMBER */
	const char *text; /* DNS_RDATA_TEXT: presentation form, always ASCII */
};

typedef void dns_rdata_visit_fn(void *arg, const struct dns_rdata_field *field);

/* Hand the typed fields of well-formed rdata to visit(arg, field), in order
 * (MX: NUMBER "preference" 10, TEXT "exchange" "mail.example."); an RFC 3597 type
 * gives one TEXT "data" "\\# 4 0A000001". Malformed rdata returns its status and
 * visit is never called. */
enum dns_status dns_rdata_walk(const struct dns_rdata *rd, dns_rdata_visit_fn *visit, void *arg);

/* Seconds since the epoch as YYYYMMDDHHMMSS (RRSIG times; 32-bit values are taken
 * relative to now with serial arithmetic, as BIND does). buf holds 15 bytes. */
void dns_rdata_time_text(uint32_t value, uint64_t now, char *buf, size_t len);

#endif
