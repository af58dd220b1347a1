/* test_dns_identity.c — a resolver's NSID and CHAOS TXT answers as text: printable
 * bytes kept, others as '.', several strings joined, a record without TXT, a string
 * that overruns its record (refused by the parser), and cuts to the buffer. */
#include "netdx/dns_identity.h"
#include "netdx/dns_msg.h"
#include "unit.h"

#include <string.h>

/* An answer to "id.server. TXT CH" with first an A record (skipped), then a TXT record
 * of two strings, "unbound-A" and "x\ty". */
/* clang-format off */
static const uint8_t answer[] = {
	0x00, 0x01, 0x84, 0x00, 0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00,
	/* question at 12: id.server. TXT CH */
	0x02, 'i', 'd', 0x06, 's', 'e', 'r', 'v', 'e', 'r', 0x00, 0x00, 0x10, 0x00, 0x03,
	/* id.server. A CH 192.0.2.1 */
	0xc0, 0x0c, 0x00, 0x01, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 192, 0, 2, 1,
	/* id.server. TXT CH "unbound-A" "x\ty" */
	0xc0, 0x0c, 0x00, 0x10, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0e,
	0x09, 'u', 'n', 'b', 'o', 'u', 'n', 'd', '-', 'A', 0x03, 'x', '\t', 'y',
};
/* clang-format on */

static void test_nsid(void)
{
	char buf[16];

	dns_nsid_text((const uint8_t *)"unbound-A", 9, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "unbound-A");
	dns_nsid_text((const uint8_t *)"a\x01\xff"
				       "b",
		      4, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "a..b");
	dns_nsid_text((const uint8_t *)"0123456789abcdefXYZ", 19, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "0123456789abcde"); /* cut, terminated */
	dns_nsid_text(NULL, 0, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "");
}

static void test_chaos_txt(void)
{
	struct dns_msg *m = NULL;
	char buf[64], small[6];

	CU_ASSERT_EQUAL_FATAL(dns_msg_parse(answer, sizeof(answer), &m), DNS_OK);
	CU_ASSERT_TRUE(dns_chaos_txt(m, buf, sizeof(buf)));
	CU_ASSERT_STRING_EQUAL(buf, "unbound-A x.y");
	CU_ASSERT_TRUE(dns_chaos_txt(m, small, sizeof(small)));
	CU_ASSERT_STRING_EQUAL(small, "unbou");
	dns_msg_free(m);
}

static void test_chaos_txt_none(void)
{
	uint8_t wire[sizeof(answer)];
	struct dns_msg *m = NULL;
	char buf[64];

	/* only the A record: no TXT */
	memcpy(wire, answer, sizeof(wire));
	wire[7] = 1;
	CU_ASSERT_EQUAL_FATAL(dns_msg_parse(wire, 43, &m), DNS_OK);
	CU_ASSERT_FALSE(dns_chaos_txt(m, buf, sizeof(buf)));
	CU_ASSERT_STRING_EQUAL(buf, "");
	dns_msg_free(m);
	/* a string longer than its record never reaches dns_chaos_txt: the parser
	 * refuses the message */
	memcpy(wire, answer, sizeof(wire));
	wire[sizeof(wire) - 4] = 9;
	CU_ASSERT_NOT_EQUAL(dns_msg_parse(wire, sizeof(wire), &m), DNS_OK);
}

/* A whoami answer: "x.whoami.test. TXT IN", a TXT record of two strings, "ns" and
 * "2001:db8::53" (as whoami.ds.akahelp.net writes them). */
/* clang-format off */
static const uint8_t whoami_txt[] = {
	0x00, 0x02, 0x84, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
	0x01, 'x', 0x06, 'w', 'h', 'o', 'a', 'm', 'i', 0x04, 't', 'e', 's', 't', 0x00,
	0x00, 0x10, 0x00, 0x01,
	0xc0, 0x0c, 0x00, 0x10, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
	0x02, 'n', 's', 0x0c, '2', '0', '0', '1', ':', 'd', 'b', '8', ':', ':', '5', '3',
};
/* clang-format on */

static void test_whoami(void)
{
	uint8_t wire[sizeof(answer)];
	struct dns_msg *m = NULL;
	char buf[64];

	CU_ASSERT_EQUAL_FATAL(dns_msg_parse(whoami_txt, sizeof(whoami_txt), &m), DNS_OK);
	CU_ASSERT_TRUE(dns_whoami_addr(m, buf, sizeof(buf)));
	CU_ASSERT_STRING_EQUAL(buf, "2001:db8::53"); /* "ns" is no address: skipped */
	dns_msg_free(m);
	/* the id.server answer: its A record comes first */
	CU_ASSERT_EQUAL_FATAL(dns_msg_parse(answer, sizeof(answer), &m), DNS_OK);
	CU_ASSERT_TRUE(dns_whoami_addr(m, buf, sizeof(buf)));
	CU_ASSERT_STRING_EQUAL(buf, "192.0.2.1");
	dns_msg_free(m);
	/* only TXT strings that are no address: none (the A record made a TXT record of
	 * one string, the bytes 0 2 1) */
	memcpy(wire, answer, sizeof(wire));
	wire[7] = 1;
	wire[30] = 0x10;
	wire[39] = 3;
	CU_ASSERT_EQUAL_FATAL(dns_msg_parse(wire, 43, &m), DNS_OK);
	CU_ASSERT_FALSE(dns_whoami_addr(m, buf, sizeof(buf)));
	CU_ASSERT_STRING_EQUAL(buf, "");
	dns_msg_free(m);
}

static CU_TestInfo cases[] = {
	{"NSID as printable text", test_nsid},
	{"CH TXT: the first TXT record's strings", test_chaos_txt},
	{"CH TXT: none; an overrunning string is refused", test_chaos_txt_none},
	{"whoami: an A record or a TXT string that is an address", test_whoami},
	CU_TEST_INFO_NULL,
};

UNIT_MAIN("dns_identity", cases)
