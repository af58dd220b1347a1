/* dns_xfr.c — the end of a zone transfer, record by record (see netdx/dns_xfr.h). */
#include "netdx/dns_xfr.h"

#include "netdx/dns_type.h"
#include "netdx/wire.h"

/* dns_xfr_init
 * A transfer with nothing seen yet. */
void dns_xfr_init(struct dns_xfr *x, uint16_t type, uint32_t client_serial)
{
	*x = (struct dns_xfr){.type = type, .client_serial = client_serial, .state = DNS_XFR_MORE};
}

/* xfr_soa_serial
 * The serial of an SOA record (its two names skipped); false if the rdata is not
 * one (the parse checks SOA rdata, so only a bad caller gets false). */
static bool xfr_soa_serial(const struct dns_msg *msg, const struct dns_rr *rr, uint32_t *serial)
{
	size_t end = rr->rdoff + rr->rdlen, pos = rr->rdoff;
	struct dns_name skip;

	if (dns_name_unpack(msg->wire, end, &pos, &skip) != DNS_OK ||
	    dns_name_unpack(msg->wire, end, &pos, &skip) != DNS_OK || end - pos != 20)
		return false;
	*serial = wire_be32(msg->wire + pos);
	return true;
}

/* xfr_serial_newer
 * RFC 1982: a is newer than b in serial number arithmetic. */
static bool xfr_serial_newer(uint32_t a, uint32_t b)
{
	return a != b && (uint32_t)(a - b) < 0x80000000u;
}

/* xfr_first
 * The first record: the zone's SOA, or the transfer is not one. An IXFR whose
 * current serial is not newer than the client's is already done (one SOA). */
static enum dns_xfr_state xfr_first(struct dns_xfr *x, bool soa, uint32_t serial)
{
	if (!soa)
		return DNS_XFR_NOSOA;
	x->first_serial = serial;
	if (x->type == DNS_T_IXFR && !xfr_serial_newer(serial, x->client_serial))
		return DNS_XFR_DONE;
	return DNS_XFR_MORE;
}

/* xfr_next
 * A record after the first. AXFR (and IXFR answered AXFR-style) ends at the next
 * SOA; an IXFR whose second record is an SOA of another serial is incremental and
 * ends at the second return of the current serial (the last delta's new SOA, then
 * the closing one). */
static enum dns_xfr_state xfr_next(struct dns_xfr *x, bool soa, uint32_t serial)
{
	bool current = soa && serial == x->first_serial;

	if (x->n_rr == 1 && x->type == DNS_T_IXFR && soa && !current) {
		x->incremental = true;
		return DNS_XFR_MORE;
	}
	if (!x->incremental)
		return soa ? DNS_XFR_DONE : DNS_XFR_MORE;
	if (!current)
		return DNS_XFR_MORE;
	if (x->repeated)
		return DNS_XFR_DONE;
	x->repeated = true;
	return DNS_XFR_MORE;
}

/* dns_xfr_feed
 * The rcode, then every answer record in order until the transfer ends. */
enum dns_xfr_state dns_xfr_feed(struct dns_xfr *x, const struct dns_msg *msg)
{
	if (x->state != DNS_XFR_MORE)
		return x->state;
	x->n_msg++;
	if (msg->rcode != DNS_R_NOERROR)
		return x->state = DNS_XFR_FAILED;
	if (x->n_rr == 0 && msg->n[DNS_S_ANSWER] == 0)
		return x->state = DNS_XFR_NOSOA;
	for (size_t i = 0; i < msg->n[DNS_S_ANSWER] && x->state == DNS_XFR_MORE; i++) {
		const struct dns_rr *rr = &msg->rr[DNS_S_ANSWER][i];
		uint32_t serial = 0;
		bool soa = rr->type == DNS_T_SOA && xfr_soa_serial(msg, rr, &serial);
		x->state = x->n_rr == 0 ? xfr_first(x, soa, serial) : xfr_next(x, soa, serial);
		x->n_rr++;
	}
	return x->state;
}
