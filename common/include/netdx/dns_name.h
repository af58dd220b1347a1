/* dns_name — domain names: wire form with compression, presentation text, comparison.
 *
 * A struct dns_name always holds an absolute, uncompressed name in wire form (length
 * octet, label, ..., the root label 0). Text follows BIND: special characters are
 * escaped with a backslash, others outside 0x21..0x7e as \DDD, and a parse error
 * carries BIND's reason ("label too long", "empty label", ...). */
#ifndef NETDX_DNS_NAME_H
#define NETDX_DNS_NAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "netdx/dns_status.h"

#define DNS_NAME_MAXWIRE 255  /* octets in wire form, the root label included */
#define DNS_LABEL_MAX 63      /* octets in one label */
#define DNS_NAME_MAXTEXT 1024 /* text of any name with its NUL: 4 chars per octet */

struct dns_name {
	uint8_t len;                    /* octets used in wire (1 for the root) */
	uint8_t wire[DNS_NAME_MAXWIRE]; /* length-prefixed labels ending with 0 */
};

/* Set n to the root name ".". */
void dns_name_root(struct dns_name *n);

/* Read the possibly compressed name at msg[*off] (msg is the whole message, msglen
 * bytes). A pointer must point before the name and before every earlier pointer, so
 * loops cannot happen; no read goes past msglen. On DNS_OK *off is moved past the
 * name as it sits in the message (after its first pointer). */
enum dns_status dns_name_unpack(const uint8_t *msg, size_t msglen, size_t *off,
				struct dns_name *out);

/* Append n, uncompressed, to buf (cap bytes) at *len; DNS_E_NOSPACE if it does not fit. */
enum dns_status dns_name_pack(const struct dns_name *n, uint8_t *buf, size_t cap, size_t *len);

/* Parse presentation text ("www.example.com", "a\.b.", "\065bc"). Text that ends in
 * an unescaped dot is absolute; other text gets origin appended (the root when origin
 * is NULL). *absolute (when not NULL) tells which. Errors: DNS_E_UNEXPECTEDEND ("",
 * "a\"), DNS_E_BADESCAPE, DNS_E_EMPTYLABEL, DNS_E_LABELTOOLONG, DNS_E_NOSPACE (over
 * 255 octets on its own or with the root), DNS_E_NAMETOOLONG (only with origin). */
enum dns_status dns_name_from_text(const char *text, const struct dns_name *origin,
				   struct dns_name *out, bool *absolute);

/* Write n as text into buf (cap bytes, DNS_NAME_MAXTEXT always suffice) and return
 * the length. final_dot: "a.b." (as in rdata) or "a.b" (as in BIND's Name: lines);
 * the root is "." either way. Cut to fit and terminated when cap is too small. */
size_t dns_name_to_text(const struct dns_name *n, char *buf, size_t cap, bool final_dot);

/* Same name, ASCII case ignored. */
bool dns_name_equal(const struct dns_name *a, const struct dns_name *b);

/* Labels, the root label included ("a.b." has 3, "." has 1). */
unsigned dns_name_labels(const struct dns_name *n);

/* n is zone or below it (case ignored). */
bool dns_name_is_below(const struct dns_name *n, const struct dns_name *zone);

#endif
