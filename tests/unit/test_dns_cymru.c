/* test_dns_cymru.c — Team Cymru's IP-to-ASN answers: the names asked, TXT text out of a
 * message, and the fields read, with malformed answers (wrong field counts, overlong
 * fields, non-digits, prefixes of the other family, control bytes) refused. */
#include "netdx/dns_cymru.h"
#include "unit.h"

#include <string.h>

/* addr_of
 * A literal as an address. */
static struct netdx_addr addr_of(const char *s)
{
	struct netdx_addr a;
	CU_ASSERT_FATAL(addr_parse_literal(s, AF_UNSPEC, &a));
	return a;
}

static void test_origin_names(void)
{
	char buf[256];
	struct netdx_addr a = addr_of("10.0.1.2");
	CU_ASSERT_EQUAL(dns_cymru_origin_name(&a, buf, sizeof(buf)), DNS_OK);
	CU_ASSERT_STRING_EQUAL(buf, "2.1.0.10.origin.asn.cymru.com");
	a = addr_of("fd00:0:0:1::1");
	CU_ASSERT_EQUAL(dns_cymru_origin_name(&a, buf, sizeof(buf)), DNS_OK);
	CU_ASSERT_STRING_EQUAL(buf,
			       "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1.0.0.0.0.0.0.0.0.0.0.0.0.0.d.f"
			       ".origin6.asn.cymru.com");
	CU_ASSERT_EQUAL(dns_cymru_origin_name(&a, buf, 72), DNS_E_NOSPACE);
	a = addr_of("10.0.1.2");
	CU_ASSERT_EQUAL(dns_cymru_origin_name(&a, buf, 29), DNS_E_NOSPACE);
	struct netdx_addr empty = {0};
	CU_ASSERT_EQUAL(dns_cymru_origin_name(&empty, buf, sizeof(buf)), DNS_E_SYNTAX);
	CU_ASSERT_EQUAL(dns_cymru_asname_name(64501, buf, sizeof(buf)), DNS_OK);
	CU_ASSERT_STRING_EQUAL(buf, "AS64501.asn.cymru.com");
	CU_ASSERT_EQUAL(dns_cymru_asname_name(64501, buf, 21), DNS_E_NOSPACE);
}

static void test_origin_good(void)
{
	struct dns_cymru_origin o;
	char text[ADDR_STRLEN];
	CU_ASSERT_EQUAL_FATAL(
		dns_cymru_parse_origin("64501 | 10.0.1.0/24 | ZZ | lab | 2026-12-05", AF_INET, &o),
		DNS_OK);
	CU_ASSERT_EQUAL(o.asn, 64501);
	CU_ASSERT_EQUAL(o.prefix_len, 24);
	CU_ASSERT_STRING_EQUAL(addr_to_str(&o.prefix, text, sizeof(text)), "10.0.1.0");
	CU_ASSERT_STRING_EQUAL(o.prefix_text, "10.0.1.0/24");
	CU_ASSERT_STRING_EQUAL(o.country, "ZZ");
	CU_ASSERT_STRING_EQUAL(o.registry, "lab");
	CU_ASSERT_STRING_EQUAL(o.allocated, "2026-12-05");
	/* several origins: the first; no date and tabs as Cymru sometimes writes them */
	CU_ASSERT_EQUAL_FATAL(dns_cymru_parse_origin("23028 4200000000\t|\t2001:db8::/32 |US|arin|",
						     AF_INET6, &o),
			      DNS_OK);
	CU_ASSERT_EQUAL(o.asn, 23028);
	CU_ASSERT_EQUAL(o.prefix_len, 32);
	CU_ASSERT_STRING_EQUAL(o.country, "US");
	CU_ASSERT_STRING_EQUAL(o.allocated, "");
	/* the largest AS number */
	CU_ASSERT_EQUAL(dns_cymru_parse_origin("4294967295 | 10.0.0.0/8 | ZZ | x | y", AF_INET, &o),
			DNS_OK);
	CU_ASSERT_EQUAL(o.asn, 4294967295u);
}

static void test_origin_malformed(void)
{
	static const char *const bad[] = {
		"",
		"64501",
		"64501 | 10.0.1.0/24 | ZZ | lab",                     /* four fields */
		"64501 | 10.0.1.0/24 | ZZ | lab | 2026-12-05 | more", /* six */
		"|||||",
		"| 10.0.1.0/24 | ZZ | lab | 2026-12-05",          /* no AS */
		"AS64501 | 10.0.1.0/24 | ZZ | lab | x",           /* not digits */
		"64501x | 10.0.1.0/24 | ZZ | lab | x",            /* trailing garbage */
		"-1 | 10.0.1.0/24 | ZZ | lab | x",                /* a sign */
		"0 | 10.0.1.0/24 | ZZ | lab | x",                 /* AS 0 is no origin */
		"4294967296 | 10.0.1.0/24 | ZZ | lab | x",        /* over 32 bits */
		"99999999999999999999 | 10.0.1.0/24 | Z | l | x", /* far over */
		"64501 abc | 10.0.1.0/24 | ZZ | lab | x",         /* a second origin not digits */
		"64501 | 10.0.1.0 | ZZ | lab | x",                /* no length */
		"64501 | 10.0.1.0/33 | ZZ | lab | x",             /* length out of range */
		"64501 | nonsense/24 | ZZ | lab | x",
		"64501 | fd00::/64 | ZZ | lab | x",                         /* the other family */
		"64501 | 10.0.1.0/24 | ZZZZZZZZZZZZZZZZZZZZZZZZ | lab | x", /* overlong */
		"64501 | 10.0.1.0/24 | ZZ | lab | 2026-12-05-2026-12-05",   /* overlong date */
		"64501 | 10.0.1.0/24 | Z\x1b[2J | lab | x", /* a control byte (a terminal escape) */
		"64501 | 10.0.1.0/24 | Z\xc3\xa9 | lab | x", /* not ASCII */
	};
	struct dns_cymru_origin o;
	memset(&o, 0x5a, sizeof(o));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (dns_cymru_parse_origin(bad[i], AF_INET, &o) != DNS_E_BADRDATA)
			CU_FAIL(bad[i]);
	}
	CU_ASSERT_EQUAL(o.asn, 0x5a5a5a5a); /* untouched */
	CU_ASSERT_EQUAL(dns_cymru_parse_origin("64501 | 10.0.1.0/24 | ZZ | lab | x", AF_INET6, &o),
			DNS_E_BADRDATA);
}

static void test_asname(void)
{
	char name[DNS_CYMRU_NAME];
	CU_ASSERT_EQUAL_FATAL(
		dns_cymru_parse_asname("64501 | ZZ | lab | 2026-12-05 | NETDX-LAB, ZZ", 64501, name,
				       sizeof(name)),
		DNS_OK);
	CU_ASSERT_STRING_EQUAL(name, "NETDX-LAB, ZZ");
	/* another AS, no name, too few fields, too long for the caller, not digits */
	CU_ASSERT_EQUAL(
		dns_cymru_parse_asname("64502 | ZZ | lab | d | X", 64501, name, sizeof(name)),
		DNS_E_BADRDATA);
	CU_ASSERT_EQUAL(
		dns_cymru_parse_asname("64501 | ZZ | lab | d | ", 64501, name, sizeof(name)),
		DNS_E_BADRDATA);
	CU_ASSERT_EQUAL(dns_cymru_parse_asname("64501 | ZZ | lab | d", 64501, name, sizeof(name)),
			DNS_E_BADRDATA);
	CU_ASSERT_EQUAL(dns_cymru_parse_asname("64501 | ZZ | l | d | NAME", 64501, name, 4),
			DNS_E_BADRDATA);
	CU_ASSERT_EQUAL(dns_cymru_parse_asname("x | ZZ | l | d | NAME", 64501, name, sizeof(name)),
			DNS_E_BADRDATA);
	char longname[300];
	memset(longname, 'N', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	char txt[400];
	snprintf(txt, sizeof(txt), "64501 | ZZ | l | d | %s", longname);
	CU_ASSERT_EQUAL(dns_cymru_parse_asname(txt, 64501, name, sizeof(name)), DNS_E_BADRDATA);
}

/* msg_with_txt
 * A message whose answer holds one TXT record of rdata (len bytes), after an A. */
static struct dns_msg msg_with_txt(uint8_t *wire, size_t wlen, const uint8_t *rdata, size_t len,
				   struct dns_rr rr[2])
{
	memcpy(wire, rdata, len);
	rr[0] = (struct dns_rr){.type = 1, .cls = 1, .rdlen = 0, .rdoff = 0};
	rr[1] = (struct dns_rr){.type = 16, .cls = 1, .rdlen = (uint16_t)len, .rdoff = 0};
	struct dns_msg m = {.wire = wire, .len = wlen};
	m.n[DNS_S_ANSWER] = 2;
	m.rr[DNS_S_ANSWER] = rr;
	return m;
}

static void test_txt(void)
{
	uint8_t wire[64];
	struct dns_rr rr[2];
	char buf[32];
	static const uint8_t two[] = {3, 'a', 'b', 'c', 2, 'd', 'e'};
	struct dns_msg m = msg_with_txt(wire, sizeof(two), two, sizeof(two), rr);
	CU_ASSERT_EQUAL(dns_cymru_txt(&m, buf, sizeof(buf)), DNS_OK);
	CU_ASSERT_STRING_EQUAL(buf, "abcde");
	CU_ASSERT_EQUAL(dns_cymru_txt(&m, buf, 5), DNS_E_BADRDATA); /* no room for the NUL */
	static const uint8_t past[] = {9, 'a', 'b'};                /* a string past its record */
	m = msg_with_txt(wire, sizeof(past), past, sizeof(past), rr);
	CU_ASSERT_EQUAL(dns_cymru_txt(&m, buf, sizeof(buf)), DNS_E_BADRDATA);
	static const uint8_t nul[] = {3, 'a', 0, 'b'};
	m = msg_with_txt(wire, sizeof(nul), nul, sizeof(nul), rr);
	CU_ASSERT_EQUAL(dns_cymru_txt(&m, buf, sizeof(buf)), DNS_E_BADRDATA);
	m = msg_with_txt(wire, 2, two, sizeof(two), rr); /* the record past the message */
	CU_ASSERT_EQUAL(dns_cymru_txt(&m, buf, sizeof(buf)), DNS_E_BADRDATA);
	m.n[DNS_S_ANSWER] = 1; /* no TXT at all */
	CU_ASSERT_EQUAL(dns_cymru_txt(&m, buf, sizeof(buf)), DNS_E_BADRDATA);
}

static CU_TestInfo cases[] = {
	{"origin and AS-name names", test_origin_names},
	{"origin answers read", test_origin_good},
	{"malformed origin answers refused", test_origin_malformed},
	{"AS-name answers", test_asname},
	{"TXT text out of a message", test_txt},
	CU_TEST_INFO_NULL,
};

UNIT_MAIN("dns_cymru", cases)
