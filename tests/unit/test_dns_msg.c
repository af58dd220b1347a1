/* test_dns_msg.c — whole messages: header flags and counts, sections, EDNS0 (size,
 * DO, extended rcode, NSID and EDE options), malformed messages of every kind, the
 * query builder byte for byte, and the answer matching rules (source, ID, QR,
 * question). */
#include "netdx/dns_edns.h"
#include "netdx/dns_msg.h"
#include "netdx/dns_query.h"
#include "netdx/dns_type.h"
#include "unit.h"

#include <stdlib.h>
#include <string.h>

/* An answer to "t.test. A IN" (ID 0x1234, QR AA RD RA AD), two A records, an NS in
 * the authority section, an A in the additional one, and an OPT record: UDP 1232,
 * DO, extended rcode 0, options NSID "ns1" and EDE 15 "blocked". */
/* clang-format off */
static const uint8_t answer[] = {
	0x12, 0x34, 0x85, 0xa0, 0x00, 0x01, 0x00, 0x02, 0x00, 0x01, 0x00, 0x02,
	/* question at 12: t.test. A IN */
	0x01, 't', 0x04, 't', 'e', 's', 't', 0x00, 0x00, 0x01, 0x00, 0x01,
	/* answer: t.test. A 192.0.2.1 / 192.0.2.2 */
	0xc0, 0x0c, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x01, 0x2c, 0x00, 0x04, 192, 0, 2, 1,
	0xc0, 0x0c, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x01, 0x2c, 0x00, 0x04, 192, 0, 2, 2,
	/* authority: t.test. NS ns.t.test. */
	0xc0, 0x0c, 0x00, 0x02, 0x00, 0x01, 0x00, 0x00, 0x0e, 0x10, 0x00, 0x05,
	0x02, 'n', 's', 0xc0, 0x0c,
	/* additional: ns.t.test. A 10.0.2.10 (name at offset 68) */
	0xc0, 0x44, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x0e, 0x10, 0x00, 0x04, 10, 0, 2, 10,
	/* OPT */
	0x00, 0x00, 0x29, 0x04, 0xd0, 0x00, 0x00, 0x80, 0x00, 0x00, 0x14,
	0x00, 0x03, 0x00, 0x03, 'n', 's', '1',
	0x00, 0x0f, 0x00, 0x09, 0x00, 0x0f, 'b', 'l', 'o', 'c', 'k', 'e', 'd',
};
/* clang-format on */

static void test_parse_answer(void)
{
	struct dns_msg *m = NULL;
	char buf[DNS_NAME_MAXTEXT];

	CU_ASSERT_EQUAL_FATAL(dns_msg_parse(answer, sizeof(answer), &m), DNS_OK);
	CU_ASSERT_EQUAL(m->id, 0x1234);
	CU_ASSERT_TRUE(m->flags & DNS_FLAG_QR);
	CU_ASSERT_TRUE(m->flags & DNS_FLAG_AA);
	CU_ASSERT_FALSE(m->flags & DNS_FLAG_TC);
	CU_ASSERT_TRUE(m->flags & DNS_FLAG_RD);
	CU_ASSERT_TRUE(m->flags & DNS_FLAG_RA);
	CU_ASSERT_TRUE(m->flags & DNS_FLAG_AD);
	CU_ASSERT_FALSE(m->flags & DNS_FLAG_CD);
	CU_ASSERT_EQUAL(m->opcode, 0);
	CU_ASSERT_EQUAL(m->rcode, 0);
	CU_ASSERT_EQUAL(m->n_q, 1);
	CU_ASSERT_EQUAL(m->q[0].type, DNS_T_A);
	CU_ASSERT_EQUAL(m->n[DNS_S_ANSWER], 2);
	CU_ASSERT_EQUAL(m->n[DNS_S_AUTHORITY], 1);
	CU_ASSERT_EQUAL(m->n[DNS_S_ADDITIONAL], 1); /* the OPT record is taken out */
	CU_ASSERT_EQUAL(m->counts[DNS_S_ADDITIONAL], 2);
	CU_ASSERT_EQUAL(m->rr[DNS_S_ANSWER][1].ttl, 300);
	CU_ASSERT_EQUAL(m->rr[DNS_S_ANSWER][1].rdlen, 4);
	CU_ASSERT_EQUAL(m->wire[m->rr[DNS_S_ANSWER][1].rdoff + 3], 2);
	dns_name_to_text(&m->rr[DNS_S_ADDITIONAL][0].name, buf, sizeof(buf), true);
	CU_ASSERT_STRING_EQUAL(buf, "ns.t.test.");
	CU_ASSERT_TRUE(m->edns.present);
	CU_ASSERT_EQUAL(m->edns.udp_size, 1232);
	CU_ASSERT_TRUE(m->edns.do_bit);
	CU_ASSERT_EQUAL(m->edns.version, 0);
	CU_ASSERT_EQUAL_FATAL(m->edns.n_opts, 2);
	CU_ASSERT_EQUAL(m->edns.opts[0].code, DNS_OPT_NSID);
	CU_ASSERT_EQUAL(m->edns.opts[1].code, DNS_OPT_EDE);
	CU_ASSERT_EQUAL(m->trailing, 0);
	CU_ASSERT_FALSE(m->truncated_parse);
	dns_msg_free(m);
}

static void test_edns_texts(void)
{
	struct dns_msg *m = NULL;
	struct dns_text t;

	CU_ASSERT_EQUAL_FATAL(dns_msg_parse(answer, sizeof(answer), &m), DNS_OK);
	dns_text_init(&t);
	dns_edns_opt_text(m, &m->edns.opts[0], &t);
	CU_ASSERT_STRING_EQUAL(dns_text_str(&t), "6E7331 (\"ns1\")");
	dns_text_clear(&t);
	dns_edns_opt_text(m, &m->edns.opts[1], &t);
	CU_ASSERT_STRING_EQUAL(dns_text_str(&t), "15 (Blocked): blocked");
	dns_text_free(&t);
	CU_ASSERT_EQUAL(m->edns.udp_size, 1232);
	CU_ASSERT_TRUE(m->edns.do_bit);
	CU_ASSERT_STRING_EQUAL(dns_edns_opt_name(m->edns.opts[0].code), "NSID");
	CU_ASSERT_STRING_EQUAL(dns_ede_name(6), "DNSSEC Bogus");
	CU_ASSERT_PTR_NULL(dns_ede_name(999));
	CU_ASSERT_STRING_EQUAL(dns_edns_opt_name(10), "COOKIE");
	dns_msg_free(m);
}

static void test_extended_rcode(void)
{
	uint8_t b[sizeof(answer)];
	struct dns_msg *m = NULL;

	memcpy(b, answer, sizeof(b));
	b[3] = (uint8_t)((b[3] & 0xf0) | 0x00); /* header rcode 0 */
	/* OPT ttl starts 5 octets into the OPT record: extended rcode 1 -> BADVERS (16) */
	size_t opt = sizeof(answer) - 11 - 20;
	b[opt + 5] = 1;
	CU_ASSERT_EQUAL_FATAL(dns_msg_parse(b, sizeof(b), &m), DNS_OK);
	CU_ASSERT_EQUAL(m->rcode, 16);
	dns_msg_free(m);
}

/* parse_status
 * The status of parsing a modified copy of answer (len octets of it). */
static enum dns_status parse_status(const uint8_t *b, size_t len)
{
	struct dns_msg *m = (struct dns_msg *)1;
	enum dns_status st = dns_msg_parse(b, len, &m);

	if (st == DNS_OK)
		dns_msg_free(m);
	else
		CU_ASSERT_PTR_NULL(m);
	return st;
}

static void test_malformed(void)
{
	uint8_t b[sizeof(answer) + 8];

	/* shorter than a header, every cut inside the records */
	CU_ASSERT_EQUAL(parse_status(answer, 11), DNS_E_SHORT);
	for (size_t len = 12; len < sizeof(answer); len++)
		CU_ASSERT_NOT_EQUAL(parse_status(answer, len), DNS_OK);
	/* counts beyond the data */
	memcpy(b, answer, sizeof(answer));
	b[11] = 9;
	CU_ASSERT_EQUAL(parse_status(b, sizeof(answer)), DNS_E_SHORT);
	/* more answers than there are: the OPT record then sits in the answer section */
	memcpy(b, answer, sizeof(answer));
	b[7] = 9;
	CU_ASSERT_EQUAL(parse_status(b, sizeof(answer)), DNS_E_FORMERR);
	/* an rdata length past the end */
	memcpy(b, answer, sizeof(answer));
	b[24 + 10] = 0x40; /* first answer's rdata length 0x4004 */
	CU_ASSERT_EQUAL(parse_status(b, sizeof(answer)), DNS_E_SHORT);
	/* an A record of 3 octets (the record shifted: count is consistent) */
	static const uint8_t bad_a[] = {0, 1, 0x81, 0x80, 0, 0, 0, 1, 0, 0, 0, 0, 0,
					0, 1, 0,    1,    0, 0, 0, 1, 0, 3, 1, 2, 3};
	CU_ASSERT_EQUAL(parse_status(bad_a, sizeof(bad_a)), DNS_E_BADRDATA);
	/* type 0 */
	static const uint8_t type0[] = {0, 1, 0x81, 0x80, 0, 0, 0, 1, 0, 0, 0, 0,
					0, 0, 0,    0,    1, 0, 0, 0, 1, 0, 0};
	CU_ASSERT_EQUAL(parse_status(type0, sizeof(type0)), DNS_E_FORMERR);
	/* OPT in the answer section */
	static const uint8_t opt_an[] = {0, 1, 0x81, 0x80, 0,    0, 0, 1, 0, 0, 0, 0,
					 0, 0, 41,   4,    0xd0, 0, 0, 0, 0, 0, 0};
	CU_ASSERT_EQUAL(parse_status(opt_an, sizeof(opt_an)), DNS_E_FORMERR);
	/* two OPT records; an OPT not owned by the root; an option overrunning */
	static const uint8_t opt2[] = {0, 1,  0x81, 0x80, 0,    0, 0, 0, 0, 0, 0, 2,
				       0, 0,  41,   4,    0xd0, 0, 0, 0, 0, 0, 0, 0,
				       0, 41, 4,    0xd0, 0,    0, 0, 0, 0, 0};
	CU_ASSERT_EQUAL(parse_status(opt2, sizeof(opt2)), DNS_E_FORMERR);
	static const uint8_t opt_owner[] = {0,   1, 0x81, 0x80, 0, 0,    0, 0, 0, 0, 0, 1, 1,
					    'a', 0, 0,    41,   4, 0xd0, 0, 0, 0, 0, 0, 0};
	CU_ASSERT_EQUAL(parse_status(opt_owner, sizeof(opt_owner)), DNS_E_FORMERR);
	static const uint8_t opt_over[] = {0,  1, 0x81, 0x80, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0,
					   41, 4, 0xd0, 0,    0, 0, 0, 0, 5, 0, 3, 0, 4, 'x'};
	CU_ASSERT_EQUAL(parse_status(opt_over, sizeof(opt_over)), DNS_E_FORMERR);
	/* a looping owner name */
	static const uint8_t loop[] = {0, 1, 0x81, 0x80, 0,  1, 0, 0, 0,
				       0, 0, 0,    0xc0, 12, 0, 1, 0, 1};
	CU_ASSERT_EQUAL(parse_status(loop, sizeof(loop)), DNS_E_BADPTR);
	/* huge counts in a tiny message do not allocate for them */
	static const uint8_t counts[] = {0,    1,    0x81, 0x80, 0xff, 0xff,
					 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	CU_ASSERT_EQUAL(parse_status(counts, sizeof(counts)), DNS_E_SHORT);
	/* trailing octets are counted, not an error */
	struct dns_msg *m = NULL;
	memcpy(b, answer, sizeof(answer));
	b[sizeof(answer)] = 0xee;
	CU_ASSERT_EQUAL_FATAL(dns_msg_parse(b, sizeof(answer) + 1, &m), DNS_OK);
	CU_ASSERT_EQUAL(m->trailing, 1);
	dns_msg_free(m);
}

static void test_truncated_tc(void)
{
	/* TC set, the answer count says 2 but only the question came: kept as it is */
	struct dns_msg *m = NULL;
	uint8_t b[24];

	memcpy(b, answer, 24);
	b[2] |= 0x02; /* TC */
	CU_ASSERT_EQUAL_FATAL(dns_msg_parse(b, 24, &m), DNS_OK);
	CU_ASSERT_TRUE(m->truncated_parse);
	CU_ASSERT_EQUAL(m->n[DNS_S_ANSWER], 0);
	dns_msg_free(m);
	/* without TC the same bytes are short */
	b[2] &= (uint8_t)~0x02;
	CU_ASSERT_EQUAL(parse_status(b, 24), DNS_E_SHORT);
	/* TC, but cut inside a record: still an error */
	memcpy(b, answer, 24);
	b[2] |= 0x02;
	uint8_t c[30];
	memcpy(c, answer, 30);
	c[2] |= 0x02;
	CU_ASSERT_EQUAL(parse_status(c, 30), DNS_E_SHORT);
}

static void test_build_query(void)
{
	struct dns_name n;
	uint8_t buf[512];
	size_t len = 0;
	static const uint8_t plain[] = {0xbe, 0xef, 0x01, 0x00, 0,   1,   0,   0, 0, 0,  0, 0,
					1,    't',  4,    't',  'e', 's', 't', 0, 0, 15, 0, 1};
	static const uint8_t edns[] = {0xbe, 0xef, 0x01, 0x30, 0,   1,    0, 0, 0, 0, 0, 1, 1,
				       't',  4,    't',  'e',  's', 't',  0, 0, 1, 0, 1, 0, 0,
				       41,   0x04, 0xd0, 0,    0,   0x80, 0, 0, 4, 0, 3, 0, 0};

	dns_name_from_text("t.test", NULL, &n, NULL);
	struct dns_query_spec s = {
		.id = 0xbeef, .name = &n, .type = DNS_T_MX, .cls = 1, .rd = true};
	CU_ASSERT_EQUAL_FATAL(dns_msg_build_query(&s, buf, sizeof(buf), &len), DNS_OK);
	CU_ASSERT_EQUAL_FATAL(len, sizeof(plain));
	CU_ASSERT(memcmp(buf, plain, len) == 0);
	s = (struct dns_query_spec){.id = 0xbeef,
				    .name = &n,
				    .type = DNS_T_A,
				    .cls = 1,
				    .rd = true,
				    .ad = true,
				    .cd = true,
				    .edns = true,
				    .udp_size = 1232,
				    .do_bit = true,
				    .nsid = true};
	CU_ASSERT_EQUAL_FATAL(dns_msg_build_query(&s, buf, sizeof(buf), &len), DNS_OK);
	CU_ASSERT_EQUAL_FATAL(len, sizeof(edns));
	CU_ASSERT(memcmp(buf, edns, len) == 0);
	CU_ASSERT_EQUAL(dns_msg_build_query(&s, buf, 30, &len), DNS_E_NOSPACE);
	/* what was built parses back */
	struct dns_msg *m = NULL;
	CU_ASSERT_EQUAL_FATAL(dns_msg_parse(edns, sizeof(edns), &m), DNS_OK);
	CU_ASSERT_TRUE(m->edns.do_bit);
	CU_ASSERT_EQUAL(m->edns.n_opts, 1);
	dns_msg_free(m);
	/* RFC 7830 padding after the other options: the query is as long as wanted */
	s.padding = true;
	s.padding_len = 5;
	CU_ASSERT_EQUAL_FATAL(dns_msg_build_query(&s, buf, sizeof(buf), &len), DNS_OK);
	CU_ASSERT_EQUAL_FATAL(len, sizeof(edns) + 9);
	CU_ASSERT(memcmp(buf + sizeof(edns), "\0\x0c\0\x05\0\0\0\0\0", 9) == 0);
	CU_ASSERT_EQUAL_FATAL(dns_msg_parse(buf, len, &m), DNS_OK);
	CU_ASSERT_EQUAL(m->edns.n_opts, 2);
	CU_ASSERT_EQUAL(m->edns.opts[1].code, 12);
	CU_ASSERT_EQUAL(m->edns.opts[1].len, 5);
	CU_ASSERT_EQUAL(m->trailing, 0);
	dns_msg_free(m);
	CU_ASSERT_EQUAL(dns_msg_build_query(&s, buf, len - 1, &len), DNS_E_NOSPACE);
}

static void test_match(void)
{
	struct netdx_addr server, other, port;
	struct dns_name n;
	struct dns_msg *m = NULL;
	struct dns_question got;
	enum dns_status st;
	uint8_t b[sizeof(answer)];

	addr_parse_literal("192.0.2.53", AF_INET, &server);
	addr_set_port(&server, 53);
	addr_parse_literal("192.0.2.54", AF_INET, &other);
	addr_set_port(&other, 53);
	port = server;
	addr_set_port(&port, 5353);
	dns_name_from_text("T.TEST", NULL, &n, NULL); /* case does not matter */
	struct dns_query_spec s = {.id = 0x1234, .name = &n, .type = DNS_T_A, .cls = 1};

	CU_ASSERT_EQUAL(
		dns_query_match(&s, &server, &server, answer, sizeof(answer), &m, &st, &got),
		DNS_M_OK);
	CU_ASSERT_PTR_NOT_NULL(m);
	dns_msg_free(m);
	CU_ASSERT_EQUAL(dns_query_match(&s, &server, &other, answer, sizeof(answer), &m, &st, &got),
			DNS_M_WRONG_SOURCE);
	CU_ASSERT_PTR_NULL(m);
	CU_ASSERT_EQUAL(dns_query_match(&s, &server, &port, answer, sizeof(answer), &m, &st, &got),
			DNS_M_WRONG_SOURCE);
	CU_ASSERT_EQUAL(dns_query_match(&s, &server, NULL, answer, 11, &m, &st, &got), DNS_M_SHORT);
	s.id = 0x4321;
	CU_ASSERT_EQUAL(
		dns_query_match(&s, &server, &server, answer, sizeof(answer), &m, &st, &got),
		DNS_M_WRONG_ID);
	s.id = 0x1234;
	memcpy(b, answer, sizeof(b));
	b[2] &= 0x7f; /* QR clear */
	CU_ASSERT_EQUAL(dns_query_match(&s, &server, &server, b, sizeof(b), &m, &st, &got),
			DNS_M_NOT_RESPONSE);
	memcpy(b, answer, sizeof(b));
	b[2] |= 0x28; /* opcode 5 (UPDATE) */
	CU_ASSERT_EQUAL(dns_query_match(&s, &server, &server, b, sizeof(b), &m, &st, &got),
			DNS_M_NOT_RESPONSE);
	s.type = DNS_T_AAAA;
	CU_ASSERT_EQUAL(
		dns_query_match(&s, &server, &server, answer, sizeof(answer), &m, &st, &got),
		DNS_M_WRONG_QUESTION);
	CU_ASSERT_EQUAL(got.type, DNS_T_A);
	s.type = DNS_T_A;
	dns_name_from_text("u.test", NULL, &n, NULL);
	CU_ASSERT_EQUAL(
		dns_query_match(&s, &server, &server, answer, sizeof(answer), &m, &st, &got),
		DNS_M_WRONG_QUESTION);
	dns_name_from_text("t.test", NULL, &n, NULL);
	CU_ASSERT_EQUAL(dns_query_match(&s, &server, &server, answer, 40, &m, &st, &got),
			DNS_M_MALFORMED);
	CU_ASSERT_EQUAL(st, DNS_E_SHORT);
	/* no question at all (a FORMERR answer): accepted, as BIND does */
	static const uint8_t formerr[] = {0x12, 0x34, 0x81, 0x81, 0, 0, 0, 0, 0, 0, 0, 0};
	CU_ASSERT_EQUAL(
		dns_query_match(&s, &server, &server, formerr, sizeof(formerr), &m, &st, &got),
		DNS_M_OK);
	CU_ASSERT_EQUAL(m->rcode, 1);
	dns_msg_free(m);
}

static void test_random16(void)
{
	/* 64 draws are not all equal (a stuck generator would be) */
	uint16_t first = dns_random16();
	bool differs = false;

	for (int i = 0; i < 64; i++)
		differs = differs || dns_random16() != first;
	CU_ASSERT_TRUE(differs);
}

static CU_TestInfo cases[] = {
	{"an answer with every section and EDNS", test_parse_answer},
	{"NSID and EDE in words, EDNS as JSON", test_edns_texts},
	{"extended rcode from OPT", test_extended_rcode},
	{"malformed messages are rejected", test_malformed},
	{"a truncated (TC) message keeps what is complete", test_truncated_tc},
	{"queries byte for byte", test_build_query},
	{"answers must match source, ID, QR and question", test_match},
	{"random IDs vary", test_random16},
	CU_TEST_INFO_NULL,
};

UNIT_MAIN("dns_msg", cases)
