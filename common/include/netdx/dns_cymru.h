/* dns_cymru — Team Cymru's IP-to-ASN DNS interface, as a codec: the names to ask and
 * the TXT answers read into fields. Pure functions (no I/O); common/path/asn.c asks
 * and caches. https://www.team-cymru.com/ip-asn-mapping describes the service:
 *
 *   1.1.0.10.origin.asn.cymru.com        TXT "64501 | 10.0.1.0/24 | ZZ | lab | 2026-12-05"
 *   <32 nibbles>.origin6.asn.cymru.com   TXT the same for an IPv6 address
 *   AS64501.asn.cymru.com                TXT "64501 | ZZ | lab | 2026-12-05 | NAME, ZZ"
 *
 * Fields are separated by '|' with blanks around them; the first field of an origin
 * answer may list several AS numbers separated by blanks (a prefix announced by more
 * than one AS): the first is kept. An answer is taken only when every field is there,
 * in bounds and of the right shape: anything else is DNS_E_BADRDATA, and the caller
 * shows the AS as unknown. */
#ifndef NETDX_DNS_CYMRU_H
#define NETDX_DNS_CYMRU_H

#include <stddef.h>
#include <stdint.h>

#include "netdx/addr.h"
#include "netdx/dns_msg.h"
#include "netdx/dns_status.h"

#define DNS_CYMRU_ORIGIN4 "origin.asn.cymru.com"
#define DNS_CYMRU_ORIGIN6 "origin6.asn.cymru.com"
#define DNS_CYMRU_ASNAMES "asn.cymru.com"
#define DNS_CYMRU_FIELD 16 /* longest country, registry or date, with the NUL */
#define DNS_CYMRU_NAME 128 /* longest AS name, with the NUL */
#define DNS_CYMRU_TXT 512  /* longest TXT text read from an answer, with the NUL */

/* What an origin answer says about the prefix that holds an address. */
struct dns_cymru_origin {
	uint32_t asn;                      /* the (first) origin AS */
	struct netdx_addr prefix;          /* the prefix's network address */
	unsigned prefix_len;               /* its length in bits */
	char prefix_text[ADDR_STRLEN + 4]; /* "10.0.1.0/24" as the answer wrote it */
	char country[DNS_CYMRU_FIELD];     /* "ZZ" */
	char registry[DNS_CYMRU_FIELD];    /* "ripencc" */
	char allocated[DNS_CYMRU_FIELD];   /* "2026-12-05", "" when the answer has none */
};

/* The origin name of an address ("1.1.0.10.origin.asn.cymru.com", no final dot).
 * DNS_E_NOSPACE when len is too small, DNS_E_SYNTAX for an empty address. */
enum dns_status dns_cymru_origin_name(const struct netdx_addr *a, char *buf, size_t len);

/* The AS-name name of an AS ("AS64501.asn.cymru.com"). DNS_E_NOSPACE when len is too
 * small. */
enum dns_status dns_cymru_asname_name(uint32_t asn, char *buf, size_t len);

/* The text of the first TXT record of m's answer section, its character-strings
 * joined, into buf (NUL-terminated). DNS_E_BADRDATA when there is none, a string
 * runs past its record, the text holds a NUL or it does not fit in len. */
enum dns_status dns_cymru_txt(const struct dns_msg *m, char *buf, size_t len);

/* Read an origin answer's text. family is the address family asked about: a prefix
 * of the other family is DNS_E_BADRDATA. *out is written only on DNS_OK. */
enum dns_status dns_cymru_parse_origin(const char *txt, int family, struct dns_cymru_origin *out);

/* Read an AS-name answer's text for asn: its fifth field into name (NUL-terminated).
 * DNS_E_BADRDATA when the answer is malformed or names another AS. */
enum dns_status dns_cymru_parse_asname(const char *txt, uint32_t asn, char *name, size_t len);

#endif
