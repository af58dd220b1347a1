/* dns_xfr — following a zone transfer message by message: AXFR (RFC 5936) and IXFR
 * (RFC 1995, in either of its answer styles), to know when the stream has ended
 * (the closing SOA), when it never began as one (no SOA first), and when the server
 * said no (an error rcode). Pure: it reads parsed messages, does no I/O; the query
 * (dns_query.h) feeds it every message of a TCP transfer. */
#ifndef NETDX_DNS_XFR_H
#define NETDX_DNS_XFR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "netdx/dns_msg.h"

/* Where the transfer stands after a message. */
enum dns_xfr_state {
	DNS_XFR_MORE,   /* not ended: read the next message */
	DNS_XFR_DONE,   /* the closing SOA came (IXFR: or one SOA, already up to date) */
	DNS_XFR_FAILED, /* an error rcode (REFUSED, NOTAUTH, ...): the server said no */
	DNS_XFR_NOSOA,  /* the first answer record is not an SOA (or there is none) */
};

/* One transfer's progress. */
struct dns_xfr {
	uint16_t type;          /* DNS_T_AXFR or DNS_T_IXFR */
	uint32_t client_serial; /* IXFR: the serial the client holds */
	size_t n_msg;           /* messages fed */
	size_t n_rr;            /* answer records fed (up to the end) */
	uint32_t first_serial;  /* the first SOA's serial: the zone's current one */
	bool incremental;       /* IXFR: the second record is another SOA (deltas) */
	bool repeated;          /* incremental: the current serial came back once */
	enum dns_xfr_state state;
};

/* Start following a transfer of type (AXFR or IXFR from client_serial). */
void dns_xfr_init(struct dns_xfr *x, uint16_t type, uint32_t client_serial);

/* Feed the next message; returns the state after it. Once not DNS_XFR_MORE, the
 * state stays (records after the closing SOA are not looked at). */
enum dns_xfr_state dns_xfr_feed(struct dns_xfr *x, const struct dns_msg *msg);

#endif
