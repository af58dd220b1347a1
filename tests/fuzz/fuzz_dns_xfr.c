/* fuzz_dns_xfr.c — libFuzzer harness for zone transfer streams: the TCP framing
 * (two-octet lengths) as dns_query reads it, the message parser on each message, and
 * the transfer tracker (dns_xfr) fed message by message.
 *
 * Input: one octet (even: AXFR, odd: IXFR), four octets of the client's serial, then
 * the stream as a server sends it. Invariants that abort (a crash for libFuzzer): the
 * tracker's state, once not MORE, never changes; its counts never go down or past what
 * was fed. Seeds: tests/fuzz/corpus/dns_xfr/ (nsd's transfers of the lab's xfr.test and
 * t.test, and of the fake servers: cut, no SOA first, refused). */
#include "netdx/dns_msg.h"
#include "netdx/dns_type.h"
#include "netdx/dns_xfr.h"
#include "netdx/wire.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* require
 * Abort when an invariant does not hold. */
static void require(int ok)
{
	if (!ok)
		abort();
}

/* LLVMFuzzerTestOneInput
 * Split the stream into messages, parse each, feed the parsed ones in order. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dns_xfr x;
	size_t pos = 5, fed = 0, rr_fed = 0;
	enum dns_xfr_state last = DNS_XFR_MORE;

	if (size < 5)
		return 0;
	dns_xfr_init(&x, (data[0] & 1) ? DNS_T_IXFR : DNS_T_AXFR, wire_be32(data + 1));
	while (size - pos >= 2 && size - pos - 2 >= wire_be16(data + pos)) {
		size_t len = wire_be16(data + pos);
		struct dns_msg *m = NULL;
		pos += 2;
		if (dns_msg_parse(data + pos, len, &m) == DNS_OK) {
			size_t before = x.n_rr;
			enum dns_xfr_state st = dns_xfr_feed(&x, m);
			require(last == DNS_XFR_MORE || st == last);
			require(x.n_rr >= before && x.n_rr - before <= m->n[DNS_S_ANSWER]);
			if (last == DNS_XFR_MORE) {
				fed++;
				rr_fed += m->n[DNS_S_ANSWER];
			}
			last = st;
			dns_msg_free(m);
		}
		pos += len;
	}
	require(x.n_msg == fed && x.n_rr <= rr_fed);
	return 0;
}
