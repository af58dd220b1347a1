/* test_dns_name.c — domain names: text to wire and back with BIND's escapes and
 * errors, compression pointers (loops, forward pointers, out of bounds), comparison,
 * and reverse names. */
#include "netdx/dns_name.h"
#include "netdx/dns_reverse.h"
#include "unit.h"

#include <string.h>

/* text_of
 * Parse and print back (with the final dot). */
static const char *text_of(const char *in, char *buf, size_t len)
{
	struct dns_name n;

	if (dns_name_from_text(in, NULL, &n, NULL) != DNS_OK)
		return "<error>";
	dns_name_to_text(&n, buf, len, true);
	return buf;
}

static void test_text_roundtrip(void)
{
	char buf[DNS_NAME_MAXTEXT];

	CU_ASSERT_STRING_EQUAL(text_of("www.example.com", buf, sizeof(buf)), "www.example.com.");
	CU_ASSERT_STRING_EQUAL(text_of("www.example.com.", buf, sizeof(buf)), "www.example.com.");
	CU_ASSERT_STRING_EQUAL(text_of(".", buf, sizeof(buf)), ".");
	CU_ASSERT_STRING_EQUAL(text_of("a\\.b.c", buf, sizeof(buf)), "a\\.b.c.");
	CU_ASSERT_STRING_EQUAL(text_of("sp\\032ace", buf, sizeof(buf)), "sp\\032ace.");
	CU_ASSERT_STRING_EQUAL(text_of("\\065bc", buf, sizeof(buf)), "Abc.");
	CU_ASSERT_STRING_EQUAL(text_of("q\\\"u\\(o\\)t\\;e\\@\\$", buf, sizeof(buf)),
			       "q\\\"u\\(o\\)t\\;e\\@\\$.");
	CU_ASSERT_STRING_EQUAL(text_of("x\\255y\\000", buf, sizeof(buf)), "x\\255y\\000.");
}

static void test_text_wire_bytes(void)
{
	static const uint8_t want[] = {3, 'w', 'w', 'w', 2, 'e', 'x', 0};
	struct dns_name n;
	bool abs = true;

	CU_ASSERT_EQUAL_FATAL(dns_name_from_text("www.ex", NULL, &n, &abs), DNS_OK);
	CU_ASSERT_FALSE(abs);
	CU_ASSERT_EQUAL(n.len, sizeof(want));
	CU_ASSERT(memcmp(n.wire, want, sizeof(want)) == 0);
	CU_ASSERT_EQUAL(dns_name_labels(&n), 3);
}

static void test_text_origin(void)
{
	struct dns_name origin, n;
	char buf[DNS_NAME_MAXTEXT];
	bool abs;

	CU_ASSERT_EQUAL_FATAL(dns_name_from_text("t.test", NULL, &origin, NULL), DNS_OK);
	CU_ASSERT_EQUAL(dns_name_from_text("www", &origin, &n, &abs), DNS_OK);
	dns_name_to_text(&n, buf, sizeof(buf), false);
	CU_ASSERT_STRING_EQUAL(buf, "www.t.test");
	CU_ASSERT_FALSE(abs);
	CU_ASSERT_EQUAL(dns_name_from_text("www.", &origin, &n, &abs), DNS_OK);
	dns_name_to_text(&n, buf, sizeof(buf), false);
	CU_ASSERT_STRING_EQUAL(buf, "www");
	CU_ASSERT_TRUE(abs);
}

static void test_text_errors(void)
{
	struct dns_name n, origin;
	char l63[64], l64[65], big[300];

	memset(l63, 'a', 63);
	l63[63] = '\0';
	memset(l64, 'a', 64);
	l64[64] = '\0';
	CU_ASSERT_EQUAL(dns_name_from_text(l63, NULL, &n, NULL), DNS_OK);
	CU_ASSERT_EQUAL(dns_name_from_text(l64, NULL, &n, NULL), DNS_E_LABELTOOLONG);
	CU_ASSERT_EQUAL(dns_name_from_text("a..b", NULL, &n, NULL), DNS_E_EMPTYLABEL);
	CU_ASSERT_EQUAL(dns_name_from_text(".a", NULL, &n, NULL), DNS_E_EMPTYLABEL);
	CU_ASSERT_EQUAL(dns_name_from_text("a..", NULL, &n, NULL), DNS_E_EMPTYLABEL);
	CU_ASSERT_EQUAL(dns_name_from_text("", NULL, &n, NULL), DNS_E_UNEXPECTEDEND);
	CU_ASSERT_EQUAL(dns_name_from_text("a\\", NULL, &n, NULL), DNS_E_UNEXPECTEDEND);
	CU_ASSERT_EQUAL(dns_name_from_text("a\\99", NULL, &n, NULL), DNS_E_UNEXPECTEDEND);
	CU_ASSERT_EQUAL(dns_name_from_text("a\\999", NULL, &n, NULL), DNS_E_BADESCAPE);
	CU_ASSERT_EQUAL(dns_name_from_text("a\\25x", NULL, &n, NULL), DNS_E_BADESCAPE);
	/* 63+63+63+61 and three dots: 255 octets with the root, the longest name */
	snprintf(big, sizeof(big), "%s.%s.%s.%.61s.", l63, l63, l63, l63);
	CU_ASSERT_EQUAL(dns_name_from_text(big, NULL, &n, NULL), DNS_OK);
	CU_ASSERT_EQUAL(n.len, 255);
	snprintf(big, sizeof(big), "%s.%s.%s.%.62s.", l63, l63, l63, l63);
	CU_ASSERT_EQUAL(dns_name_from_text(big, NULL, &n, NULL), DNS_E_NOSPACE);
	CU_ASSERT_EQUAL(dns_name_from_text("x", NULL, &origin, NULL), DNS_OK);
	snprintf(big, sizeof(big), "%s.%s.%s.%.61s", l63, l63, l63, l63);
	CU_ASSERT_EQUAL(dns_name_from_text(big, &origin, &n, NULL), DNS_E_NAMETOOLONG);
	CU_ASSERT_STRING_EQUAL(dns_status_str(DNS_E_LABELTOOLONG), "label too long");
	CU_ASSERT_STRING_EQUAL(dns_status_str(DNS_E_EMPTYLABEL), "empty label");
	CU_ASSERT_STRING_EQUAL(dns_status_str(DNS_E_NOSPACE), "ran out of space");
}

static void test_unpack_compressed(void)
{
	/* header (12), "a.example." at 12, "www" + pointer to 14 ("example.") */
	static const uint8_t msg[] = {0,   0,   0, 0,   0,   0,   0,   0,    0,   0,
				      0,   0,   1, 'a', 7,   'e', 'x', 'a',  'm', 'p',
				      'l', 'e', 0, 3,   'w', 'w', 'w', 0xc0, 14};
	struct dns_name n;
	char buf[DNS_NAME_MAXTEXT];
	size_t off = 23;

	CU_ASSERT_EQUAL_FATAL(dns_name_unpack(msg, sizeof(msg), &off, &n), DNS_OK);
	CU_ASSERT_EQUAL(off, sizeof(msg)); /* after the pointer */
	dns_name_to_text(&n, buf, sizeof(buf), true);
	CU_ASSERT_STRING_EQUAL(buf, "www.example.");
	off = 12;
	CU_ASSERT_EQUAL(dns_name_unpack(msg, sizeof(msg), &off, &n), DNS_OK);
	CU_ASSERT_EQUAL(off, 23);
}

static void test_unpack_bad_pointers(void)
{
	/* a pointer to itself, a loop of two, a forward pointer, one past the end; cut
	 * labels and pointers; the extended and reserved label types; a start past the end */
	static const struct {
		uint8_t bytes[8];
		size_t len;
		size_t off;
		enum dns_status want;
	} cases[] = {
		{{0xc0, 0x00}, 2, 0, DNS_E_BADPTR},
		{{1, 'a', 0xc0, 0x04, 1, 'b', 0xc0, 0x00}, 8, 4, DNS_E_BADPTR},
		{{0xc0, 0x02, 0x00}, 3, 0, DNS_E_BADPTR},
		{{1, 'a', 0xc0, 0x40}, 4, 0, DNS_E_BADPTR},
		{{3, 'w', 'w'}, 3, 0, DNS_E_SHORT},
		{{1, 'a', 0xc0}, 3, 0, DNS_E_SHORT},
		{{0x41, 0x00}, 2, 0, DNS_E_BADLABEL},
		{{0x80, 0x00}, 2, 0, DNS_E_BADLABEL},
		{{3, 'w', 'w'}, 3, 5, DNS_E_SHORT},
	};
	struct dns_name n;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t off = cases[i].off;
		CU_ASSERT_EQUAL(dns_name_unpack(cases[i].bytes, cases[i].len, &off, &n),
				cases[i].want);
	}
}

static void test_unpack_too_long(void)
{
	/* five 63-octet labels chained by backward pointers: over 255 octets */
	uint8_t msg[400];
	size_t pos = 0, starts[5], off;
	struct dns_name n;

	for (int i = 0; i < 5; i++) {
		starts[i] = pos;
		msg[pos++] = 63;
		memset(msg + pos, 'a' + i, 63);
		pos += 63;
		if (i == 0) {
			msg[pos++] = 0;
		} else {
			msg[pos++] = 0xc0;
			msg[pos++] = (uint8_t)starts[i - 1];
		}
	}
	off = starts[2]; /* three labels: 3 * 64 + 1 = 193 octets */
	CU_ASSERT_EQUAL(dns_name_unpack(msg, pos, &off, &n), DNS_OK);
	CU_ASSERT_EQUAL(n.len, 193);
	off = starts[3]; /* four: 257 octets */
	CU_ASSERT_EQUAL(dns_name_unpack(msg, pos, &off, &n), DNS_E_NOSPACE);
}

static void test_equal_and_below(void)
{
	struct dns_name a, b, zone, root;

	dns_name_from_text("WWW.Example.COM", NULL, &a, NULL);
	dns_name_from_text("www.example.com.", NULL, &b, NULL);
	dns_name_from_text("example.com", NULL, &zone, NULL);
	dns_name_root(&root);
	CU_ASSERT_TRUE(dns_name_equal(&a, &b));
	CU_ASSERT_TRUE(dns_name_is_below(&a, &zone));
	CU_ASSERT_TRUE(dns_name_is_below(&a, &root));
	CU_ASSERT_TRUE(dns_name_is_below(&zone, &zone));
	CU_ASSERT_FALSE(dns_name_is_below(&zone, &a));
	dns_name_from_text("xexample.com", NULL, &b, NULL);
	CU_ASSERT_FALSE(dns_name_is_below(&b, &zone));
	CU_ASSERT_FALSE(dns_name_equal(&b, &zone));
	CU_ASSERT_EQUAL(dns_name_labels(&root), 1);
}

static void test_reverse(void)
{
	char buf[128];
	struct netdx_addr a;
	struct dns_name n;

	CU_ASSERT_EQUAL(dns_reverse_text("10.0.2.1", buf, sizeof(buf)), DNS_OK);
	CU_ASSERT_STRING_EQUAL(buf, "1.2.0.10.in-addr.arpa.");
	CU_ASSERT_EQUAL(dns_reverse_text("fd00:0:0:2::1", buf, sizeof(buf)), DNS_OK);
	CU_ASSERT_STRING_EQUAL(
		buf, "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.2.0.0.0.0.0.0.0.0.0.0.0.0.0.d.f.ip6.arpa");
	CU_ASSERT_EQUAL(dns_reverse_text("www.example", buf, sizeof(buf)), DNS_E_SYNTAX);
	CU_ASSERT_EQUAL(dns_reverse_text("10.1", buf, sizeof(buf)), DNS_E_SYNTAX);
	CU_ASSERT_EQUAL(dns_reverse_text("999.1.1.1", buf, sizeof(buf)), DNS_E_SYNTAX);
	CU_ASSERT_EQUAL(dns_reverse_text("10.0.2.1", buf, 8), DNS_E_NOSPACE);
	addr_parse_literal("192.0.2.9", AF_INET, &a);
	CU_ASSERT_EQUAL_FATAL(dns_reverse_name(&a, &n), DNS_OK);
	dns_name_to_text(&n, buf, sizeof(buf), true);
	CU_ASSERT_STRING_EQUAL(buf, "9.2.0.192.in-addr.arpa.");
	addr_parse_literal("2001:db8::1", AF_INET6, &a);
	CU_ASSERT_EQUAL_FATAL(dns_reverse_name(&a, &n), DNS_OK);
	dns_name_to_text(&n, buf, sizeof(buf), false);
	CU_ASSERT_STRING_EQUAL(
		buf, "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa");
}

static void test_pack(void)
{
	struct dns_name n;
	uint8_t buf[8];
	size_t len = 2;

	dns_name_from_text("ab.c", NULL, &n, NULL);
	CU_ASSERT_EQUAL(dns_name_pack(&n, buf, sizeof(buf), &len), DNS_OK);
	CU_ASSERT_EQUAL(len, 8);
	CU_ASSERT_EQUAL(dns_name_pack(&n, buf, sizeof(buf), &len), DNS_E_NOSPACE);
}

static void test_to_text_cut(void)
{
	struct dns_name n;
	char small[5];

	dns_name_from_text("abcdef.gh", NULL, &n, NULL);
	CU_ASSERT_EQUAL(dns_name_to_text(&n, small, sizeof(small), true), 4);
	CU_ASSERT_STRING_EQUAL(small, "abcd");
}

static CU_TestInfo cases[] = {
	{"text round trip with escapes", test_text_roundtrip},
	{"text to wire bytes", test_text_wire_bytes},
	{"relative names take the origin", test_text_origin},
	{"text errors carry BIND's reasons", test_text_errors},
	{"compressed names unpack", test_unpack_compressed},
	{"bad pointers and labels are rejected", test_unpack_bad_pointers},
	{"names over 255 octets via pointers", test_unpack_too_long},
	{"case-insensitive equality, subdomains", test_equal_and_below},
	{"reverse names", test_reverse},
	{"pack checks room", test_pack},
	{"text output is cut to fit", test_to_text_cut},
	CU_TEST_INFO_NULL,
};

UNIT_MAIN("dns_name", cases)
