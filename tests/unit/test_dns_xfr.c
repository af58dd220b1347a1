/* test_dns_xfr.c — following zone transfers (dns_xfr): AXFR in one message and in
 * several, an empty zone, IXFR up to date, answered AXFR-style and incrementally,
 * serials that wrap (RFC 1982), refusals, a first record that is not the SOA, records
 * after the end; and the IXFR query's SOA byte for byte. */
#include "netdx/dns_msg.h"
#include "netdx/dns_type.h"
#include "netdx/dns_xfr.h"
#include "netdx/wire.h"
#include "unit.h"

#include <string.h>

/* What one record of a test message is: the zone's SOA with a serial, or an A. */
#define A_RR 0xffffffffu

/* build
 * A transfer message for "z.test." (question only when first), rcode, and records:
 * each entry of serials an SOA with that serial, or an A record for A_RR. Parsed. */
static struct dns_msg *build(bool first, unsigned rcode, const uint32_t *serials, size_t n)
{
	static const uint8_t qname[] = {1, 'z', 4, 't', 'e', 's', 't', 0};
	uint8_t buf[4096];
	size_t len = DNS_HEADER_LEN;
	struct dns_msg *m = NULL;

	memset(buf, 0, DNS_HEADER_LEN);
	wire_put16(buf + 2, (uint16_t)(DNS_FLAG_QR | DNS_FLAG_AA | rcode));
	wire_put16(buf + 4, first ? 1 : 0);
	wire_put16(buf + 6, (uint16_t)n);
	memcpy(buf + len, qname, sizeof(qname));
	len += sizeof(qname);
	if (first) {
		wire_put16(buf + len, DNS_T_AXFR);
		wire_put16(buf + len + 2, DNS_C_IN);
		len += 4;
	}
	for (size_t i = 0; i < n; i++) {
		bool soa = serials[i] != A_RR;
		/* the owner: the name at 12, a pointer to it but in a later message's first
		 * record, which is where it is written */
		if (first || i > 0) {
			wire_put16(buf + len, 0xc00c);
			len += 2;
		}
		wire_put16(buf + len, soa ? DNS_T_SOA : DNS_T_A);
		wire_put16(buf + len + 2, DNS_C_IN);
		wire_put32(buf + len + 4, 300);
		wire_put16(buf + len + 8, soa ? 22 : 4);
		len += 10;
		memset(buf + len, 0, soa ? 22 : 4);
		if (soa)
			wire_put32(buf + len + 2, serials[i]);
		len += soa ? 22 : 4;
	}
	if (!first && n == 0)
		len = DNS_HEADER_LEN;
	CU_ASSERT_EQUAL_FATAL(dns_msg_parse(buf, len, &m), DNS_OK);
	return m;
}

/* feed
 * One message into x; the state after it. */
static enum dns_xfr_state feed(struct dns_xfr *x, bool first, unsigned rcode,
			       const uint32_t *serials, size_t n)
{
	struct dns_msg *m = build(first, rcode, serials, n);
	enum dns_xfr_state st = dns_xfr_feed(x, m);

	dns_msg_free(m);
	return st;
}

#define FEED(x, first, ...)                                                                        \
	feed(x, first, 0, (const uint32_t[]){__VA_ARGS__},                                         \
	     sizeof((const uint32_t[]){__VA_ARGS__}) / sizeof(uint32_t))

static void test_axfr_one_message(void)
{
	struct dns_xfr x;

	dns_xfr_init(&x, DNS_T_AXFR, 0);
	CU_ASSERT_EQUAL(FEED(&x, true, 7, A_RR, A_RR, 7), DNS_XFR_DONE);
	CU_ASSERT_EQUAL(x.n_rr, 4);
	CU_ASSERT_EQUAL(x.n_msg, 1);
}

static void test_axfr_several_messages(void)
{
	struct dns_xfr x;

	dns_xfr_init(&x, DNS_T_AXFR, 0);
	CU_ASSERT_EQUAL(FEED(&x, true, 7, A_RR), DNS_XFR_MORE);
	CU_ASSERT_EQUAL(FEED(&x, false, A_RR, A_RR), DNS_XFR_MORE);
	CU_ASSERT_EQUAL(FEED(&x, false, A_RR, 7), DNS_XFR_DONE);
	CU_ASSERT_EQUAL(x.n_msg, 3);
	CU_ASSERT_EQUAL(x.n_rr, 6);
}

static void test_axfr_empty_zone(void)
{
	struct dns_xfr x;

	dns_xfr_init(&x, DNS_T_AXFR, 0);
	CU_ASSERT_EQUAL(FEED(&x, true, 7, 7), DNS_XFR_DONE);
}

static void test_axfr_soa_alone_goes_on(void)
{
	struct dns_xfr x;

	/* the opening SOA alone is not an end: an AXFR never ends in one record */
	dns_xfr_init(&x, DNS_T_AXFR, 0);
	CU_ASSERT_EQUAL(FEED(&x, true, 7), DNS_XFR_MORE);
	CU_ASSERT_EQUAL(FEED(&x, false, 7), DNS_XFR_DONE);
}

static void test_records_after_the_end(void)
{
	struct dns_xfr x;

	dns_xfr_init(&x, DNS_T_AXFR, 0);
	CU_ASSERT_EQUAL(FEED(&x, true, 7, A_RR, 7, A_RR, A_RR), DNS_XFR_DONE);
	CU_ASSERT_EQUAL(x.n_rr, 3);
	/* the state stays: a later message changes nothing */
	CU_ASSERT_EQUAL(FEED(&x, false, A_RR), DNS_XFR_DONE);
	CU_ASSERT_EQUAL(x.n_msg, 1);
}

static void test_no_soa_first(void)
{
	struct dns_xfr x;

	dns_xfr_init(&x, DNS_T_AXFR, 0);
	CU_ASSERT_EQUAL(FEED(&x, true, A_RR, 7), DNS_XFR_NOSOA);
	dns_xfr_init(&x, DNS_T_AXFR, 0);
	CU_ASSERT_EQUAL(feed(&x, true, 0, NULL, 0), DNS_XFR_NOSOA);
}

static void test_refused(void)
{
	struct dns_xfr x;

	dns_xfr_init(&x, DNS_T_AXFR, 0);
	CU_ASSERT_EQUAL(feed(&x, true, DNS_R_REFUSED, NULL, 0), DNS_XFR_FAILED);
	/* an error in a later message ends the transfer too */
	dns_xfr_init(&x, DNS_T_AXFR, 0);
	CU_ASSERT_EQUAL(FEED(&x, true, 7, A_RR), DNS_XFR_MORE);
	CU_ASSERT_EQUAL(feed(&x, false, DNS_R_SERVFAIL, (const uint32_t[]){A_RR}, 1),
			DNS_XFR_FAILED);
}

static void test_ixfr_up_to_date(void)
{
	struct dns_xfr x;

	dns_xfr_init(&x, DNS_T_IXFR, 7);
	CU_ASSERT_EQUAL(FEED(&x, true, 7), DNS_XFR_DONE);
	dns_xfr_init(&x, DNS_T_IXFR, 9); /* the client is ahead: nothing to send */
	CU_ASSERT_EQUAL(FEED(&x, true, 7), DNS_XFR_DONE);
}

static void test_ixfr_axfr_style(void)
{
	struct dns_xfr x;

	dns_xfr_init(&x, DNS_T_IXFR, 5);
	CU_ASSERT_EQUAL(FEED(&x, true, 7, A_RR), DNS_XFR_MORE);
	CU_ASSERT_EQUAL(FEED(&x, false, A_RR, 7), DNS_XFR_DONE);
	CU_ASSERT_FALSE(x.incremental);
}

static void test_ixfr_incremental(void)
{
	struct dns_xfr x;

	/* 7; 5 -A 6 +A; 6 -A 7 +A; 7 */
	dns_xfr_init(&x, DNS_T_IXFR, 5);
	CU_ASSERT_EQUAL(FEED(&x, true, 7, 5, A_RR, 6, A_RR), DNS_XFR_MORE);
	CU_ASSERT_TRUE(x.incremental);
	CU_ASSERT_EQUAL(FEED(&x, false, 6, A_RR, 7), DNS_XFR_MORE);
	CU_ASSERT_EQUAL(FEED(&x, false, A_RR, 7), DNS_XFR_DONE);
	CU_ASSERT_EQUAL(x.n_rr, 10);
}

static void test_ixfr_serial_wraps(void)
{
	struct dns_xfr x;

	/* RFC 1982: 5 is newer than 4294967290, so the transfer goes on */
	dns_xfr_init(&x, DNS_T_IXFR, 4294967290u);
	CU_ASSERT_EQUAL(FEED(&x, true, 5, A_RR), DNS_XFR_MORE);
	CU_ASSERT_EQUAL(FEED(&x, false, 5), DNS_XFR_DONE);
	/* and 4294967290 is older than 5: up to date */
	dns_xfr_init(&x, DNS_T_IXFR, 5);
	CU_ASSERT_EQUAL(FEED(&x, true, 4294967290u), DNS_XFR_DONE);
}

static void test_ixfr_query_soa(void)
{
	/* clang-format off */
	static const uint8_t want[] = {
		0x12, 0x34, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
		/* z.test. IXFR IN */
		1, 'z', 4, 't', 'e', 's', 't', 0, 0x00, 0xfb, 0x00, 0x01,
		/* z.test. 0 IN SOA . . 2024010101 0 0 0 0 */
		0xc0, 0x0c, 0x00, 0x06, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x16,
		0x00, 0x00, 0x78, 0xa3, 0xf1, 0x75,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
	/* clang-format on */
	struct dns_name n;
	struct dns_query_spec spec = {.id = 0x1234,
				      .name = &n,
				      .type = DNS_T_IXFR,
				      .cls = DNS_C_IN,
				      .ixfr_serial = 2024010101u};
	uint8_t buf[512];
	size_t len = 0;

	CU_ASSERT_EQUAL_FATAL(dns_name_from_text("z.test.", NULL, &n, NULL), DNS_OK);
	CU_ASSERT_EQUAL_FATAL(dns_msg_build_query(&spec, buf, sizeof(buf), &len), DNS_OK);
	CU_ASSERT_EQUAL(len, sizeof(want));
	CU_ASSERT_EQUAL(memcmp(buf, want, sizeof(want)), 0);
	/* no room for the SOA: no query */
	CU_ASSERT_EQUAL(dns_msg_build_query(&spec, buf, 30, &len), DNS_E_NOSPACE);
	/* an AXFR carries none */
	spec.type = DNS_T_AXFR;
	CU_ASSERT_EQUAL_FATAL(dns_msg_build_query(&spec, buf, sizeof(buf), &len), DNS_OK);
	CU_ASSERT_EQUAL(len, 24);
}

static CU_TestInfo cases[] = {
	{"AXFR in one message ends at the second SOA", test_axfr_one_message},
	{"AXFR over several messages", test_axfr_several_messages},
	{"an empty zone: SOA SOA", test_axfr_empty_zone},
	{"the opening SOA alone is not the end", test_axfr_soa_alone_goes_on},
	{"records after the closing SOA are not read", test_records_after_the_end},
	{"no SOA first: not a transfer", test_no_soa_first},
	{"an error rcode fails the transfer", test_refused},
	{"IXFR already up to date: one SOA", test_ixfr_up_to_date},
	{"IXFR answered AXFR-style", test_ixfr_axfr_style},
	{"IXFR incremental over messages", test_ixfr_incremental},
	{"IXFR serials wrap (RFC 1982)", test_ixfr_serial_wraps},
	{"an IXFR query carries the client's SOA", test_ixfr_query_soa},
	CU_TEST_INFO_NULL,
};

UNIT_MAIN("dns_xfr", cases)
