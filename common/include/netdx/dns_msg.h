/* dns_msg — whole DNS messages: parse a received message into header, question and
 * the three record sections (EDNS0 OPT taken out of the additional section, as BIND
 * does), and build queries.
 *
 * A parsed message owns a copy of the wire bytes; records point into it by offset,
 * so rdata with compressed names can be printed later (netdx/dns_rdata.h). Every
 * record's rdata is checked against its type while parsing, so printing never meets
 * malformed data. */
#ifndef NETDX_DNS_MSG_H
#define NETDX_DNS_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "netdx/dns_name.h"
#include "netdx/dns_status.h"

#define DNS_HEADER_LEN 12
#define DNS_UDP_MAX 65535

/* Header flag bits (second 16-bit word, host order). */
#define DNS_FLAG_QR 0x8000
#define DNS_FLAG_AA 0x0400
#define DNS_FLAG_TC 0x0200
#define DNS_FLAG_RD 0x0100
#define DNS_FLAG_RA 0x0080
#define DNS_FLAG_Z 0x0040
#define DNS_FLAG_AD 0x0020
#define DNS_FLAG_CD 0x0010

enum dns_rcode {
	DNS_R_NOERROR = 0,
	DNS_R_FORMERR = 1,
	DNS_R_SERVFAIL = 2,
	DNS_R_NXDOMAIN = 3,
	DNS_R_NOTIMP = 4,
	DNS_R_REFUSED = 5,
	DNS_R_BADVERS = 16,
};

enum dns_section {
	DNS_S_QUESTION = 0,
	DNS_S_ANSWER,
	DNS_S_AUTHORITY,
	DNS_S_ADDITIONAL
};

/* One question. */
struct dns_question {
	struct dns_name name;
	uint16_t type;
	uint16_t cls;
};

/* One resource record; its rdata is msg->wire[rdoff .. rdoff + rdlen). */
struct dns_rr {
	struct dns_name name;
	uint16_t type;
	uint16_t cls;
	uint32_t ttl;
	uint16_t rdlen;
	size_t rdoff;
};

/* One EDNS option; its data is msg->wire[off .. off + len). */
struct dns_edns_opt {
	uint16_t code;
	uint16_t len;
	size_t off;
};

/* The OPT pseudo-record, decoded. */
struct dns_edns {
	bool present;              /* the message had an OPT record */
	uint16_t udp_size;         /* requestor's payload size (OPT class) */
	uint8_t ext_rcode;         /* upper 8 bits of the 12-bit rcode */
	uint8_t version;           /* EDNS version */
	bool do_bit;               /* DNSSEC OK */
	uint16_t flags;            /* all 16 flag bits (DO is 0x8000) */
	size_t n_opts;             /* options */
	struct dns_edns_opt *opts; /* in wire order */
};

struct dns_msg {
	uint8_t *wire; /* the message as received (owned) */
	size_t len;    /* its length */
	uint16_t id;
	uint16_t flags;     /* DNS_FLAG_* bits as on the wire */
	unsigned opcode;    /* 0..15 */
	unsigned rcode;     /* 12 bits: header rcode | ext_rcode << 4 */
	uint16_t counts[4]; /* QD/AN/NS/AR counts from the header */
	size_t n_q;         /* questions parsed */
	struct dns_question *q;
	size_t n[4];          /* records per section (index DNS_S_ANSWER..ADDITIONAL,
				   * additional without the OPT record) */
	struct dns_rr *rr[4]; /* records per section */
	struct dns_edns edns;
	bool truncated_parse; /* TC set and the records stopped early (kept what
				   * was complete) */
	size_t trailing;      /* bytes after the last record */
};

/* Parse len bytes. On DNS_OK *out is a new message (dns_msg_free it); on error *out
 * is NULL and nothing is leaked. Errors: DNS_E_SHORT (shorter than its counts say;
 * a message with TC set may end early at a record boundary), name errors from
 * dns_name_unpack, DNS_E_BADRDATA, DNS_E_FORMERR (OPT not in the additional
 * section, not owned by the root, or twice), DNS_E_NOMEM. */
enum dns_status dns_msg_parse(const uint8_t *buf, size_t len, struct dns_msg **out);

void dns_msg_free(struct dns_msg *msg);

/* What a query carries. */
struct dns_query_spec {
	uint16_t id;
	const struct dns_name *name;
	uint16_t type;
	uint16_t cls;
	bool rd;           /* recursion desired */
	bool cd;           /* checking disabled */
	bool ad;           /* ask for the AD bit (RFC 6840) */
	bool edns;         /* add an OPT record */
	uint16_t udp_size; /* its payload size (edns only) */
	bool do_bit;       /* DNSSEC OK (edns only) */
	bool nsid;         /* ask for the server's NSID (edns only) */
	bool padding;      /* a Padding option (RFC 7830) of padding_len zero bytes, last
			     * (edns only): makes a query exactly as long as wanted */
	uint16_t padding_len;
	uint32_t ixfr_serial; /* type IXFR: the client's serial, sent as an SOA in the
			       * authority section (RFC 1995) */
};

/* Write a query into buf (cap bytes); *len is its length. DNS_E_NOSPACE if it does
 * not fit (512 bytes always suffice without padding). An IXFR query carries the
 * client's SOA (owner the question's name, "." "." ixfr_serial 0 0 0 0), as dig's. */
enum dns_status dns_msg_build_query(const struct dns_query_spec *spec, uint8_t *buf, size_t cap,
				    size_t *len);

#endif
