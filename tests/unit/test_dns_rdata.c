/* test_dns_rdata.c — record data of every type, byte for byte: each fixture is the
 * wire rdata an nsd served (read with dig +unknownformat) and the text BIND 9.18's
 * nslookup printed for it. Also: each fixture cut short or with a stray byte must
 * be rejected, names compressed into the message, JSON fields, and malformed rdata
 * (SVCB key order, CAA tags, LOC, bitmaps, ...). */
#include "netdx/dns_rdata.h"
#include "netdx/dns_type.h"
#include "unit.h"

#include <stdlib.h>
#include <string.h>

/* One fixture: type, rdata in hex, BIND's text. */
struct fixture {
	const char *type;
	const char *hex;
	const char *text;
};

static const struct fixture fixtures[] = {
	{"A", "c0000201", "192.0.2.1"},
	{"A", "c0000202", "192.0.2.2"},
	{"AAAA", "20010db8000000000000000000000001", "2001:db8::1"},
	{"AAAA", "20010db8000000000001000000000000", "2001:db8:0:0:1::"},
	{"AAAA", "00000000000000000000ffffc0000209", "::ffff:192.0.2.9"},
	{"NS", "026e730174047465737400", "ns.t.test."},
	{"MX", "000a046d61696c0174047465737400", "10 mail.t.test."},
	{"MX", "0014056d61696c320174047465737400", "20 mail2.t.test."},
	{"TXT", "0b68656c6c6f20776f726c64", "\"hello world\""},
	{"TXT",
	 "0771756f746522730a6261636b5c736c6173680a73656d693b636f6c6f6e0574616209780675746638c3a90007706172656e28290a617440646f6c6c617224",
	 "\"quote\\\"s\" \"back\\\\slash\" \"semi;colon\" \"tab\\009x\" \"utf8\\195\\169\" \"\" \"paren()\" \"at@dollar$\""},
	{"TXT",
	 "ff7878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878786479797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979797979",
	 "\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\" \"yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\""},
	{"SRV", "000a003c13c4037369700174047465737400", "10 60 5060 sip.t.test."},
	{"NAPTR",
	 "0064000a0155074532552b7369701b215e2e2a24217369703a696e666f406578616d706c652e636f6d2100",
	 "100 10 \"U\" \"E2U+sip\" \"!^.*$!sip:info@example.com!\" ."},
	{"NAPTR", "0066000a0153075349502b44325500045f736970045f7564700174047465737400",
	 "102 10 \"S\" \"SIP+D2U\" \"\" _sip._udp.t.test."},
	{"CAA", "0005697373756563612e6578616d706c652e6e6574", "0 issue \"ca.example.net\""},
	{"CAA", "80037462737622783b79", "128 tbs \"v\\\"x;y\""},
	{"CAA", "0005696f6465666d61696c746f3a73656340742e74657374",
	 "0 iodef \"mailto:sec@t.test\""},
	{"PTR", "01610174047465737400", "a.t.test."},
	{"HINFO", "025043074c696e75782036", "\"PC\" \"Linux 6\""},
	{"RP", "0561646d696e0174047465737400037478740174047465737400", "admin.t.test. txt.t.test."},
	{"AFSDB", "0001036166730174047465737400", "1 afs.t.test."},
	{"LOC", "000016138b3cf018810cbce0009895b8",
	 "52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000m 10m"},
	{"LOC", "0033161389172dd070be15f000988d20",
	 "42 21 54.000 N 71 6 18.000 W -24.00m 30m 10000m 10m"},
	{"SSHFP", "0402123456789abcdef67890123456789abcdef67890123456789abcdef123456789",
	 "4 2 123456789ABCDEF67890123456789ABCDEF67890123456789ABCDEF1 23456789"},
	{"TLSA", "030101abababababababababababababababababababababababababababababababab",
	 "3 1 1 ABABABABABABABABABABABABABABABABABABABABABABABABABABABAB ABABABAB"},
	{"DS", "30390d02abababababababababababababababababababababababababababababababab",
	 "12345 13 2 ABABABABABABABABABABABABABABABABABABABABABABABABABABABAB ABABABAB"},
	{"DS", "d43108010123456789abcdef0123456789abcdef01234567",
	 "54321 8 1 0123456789ABCDEF0123456789ABCDEF01234567"},
	{"DNSKEY",
	 "0101030d6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b",
	 "257 3 13 a2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2tr a2tra2tra2tra2tra2tra2tra2traw=="},
	{"RRSIG",
	 "00010d030000012c70dbd8805e0be100303901740474657374006b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b",
	 "A 13 3 300 20300101000000 20200101000000 12345 t.test. a2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2tr a2tra2tra2tra2tra2tra2tra2traw=="},
	{"NSEC",
	 "046e65787401740474657374000006400100000003041b000000000000000000000000000000000000000000000000000020",
	 "next.t.test. A MX RRSIG NSEC TYPE1234"},
	{"NSEC3PARAM", "0100000a04aabbccdd", "1 0 10 AABBCCDD"},
	{"SVCB",
	 "00010373766301740474657374000000000400010003000100060268320268330003000220fb00040008c0000201c00002020006001020010db8000000000000000000000001",
	 "1 svc.t.test. mandatory=alpn,port alpn=\"h2,h3\" port=8443 ipv4hint=192.0.2.1,192.0.2.2 ipv6hint=2001:db8::1"},
	{"HTTPS", "00010000010003026833000200000005000d0045fe0d0041b7002000206fabfde80003616263",
	 "1 . alpn=\"h3\" no-default-alpn ech=AEX+DQBBtwAgACBvqw== key65000=\"abc\""},
	{"HTTPS", "0000037376630174047465737400", "0 svc.t.test."},
	{"URI", "000a000168747470733a2f2f6578616d706c652e636f6d2f",
	 "10 1 \"https://example.com/\""},
	{"DNAME", "06746172676574076578616d706c6500", "target.example."},
	{"CNAME", "01610174047465737400", "a.t.test."},
	{"TYPE65280", "0a000001", "\\# 4 0A000001"},
	{"TYPE65282",
	 "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff0011223344556677",
	 "\\# 40 00112233445566778899AABBCCDDEEFF00112233445566778899AABB CCDDEEFF0011223344556677"},
	{"SPF", "0b763d73706631202d616c6c", "\"v=spf1 -all\""},
	{"EUI48", "00005e00532a", "00-00-5e-00-53-2a"},
	{"EUI64", "00005eef1000002a", "00-00-5e-ef-10-00-00-2a"},
	{"CERT",
	 "00030000006b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b",
	 "PGP 0 0 a2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2tr a2tra2tra2tra2tra2tra2tra2traw=="},
	{"DHCID", "000201636fc0b8271c82825bb1ac5c41cf5351aa69b4febd94e8f17cdb95000da48c40",
	 "AAIBY2/AuCccgoJbsaxcQc9TUapptP69lOjxfNuVAA2kjEA="},
	{"OPENPGPKEY",
	 "6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b",
	 "a2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2tr a2tra2tra2tra2tra2tra2tra2traw=="},
	{"KX", "000a026b780174047465737400", "10 kx.t.test."},
	{"APL", "00011503c0a82000011c83c0a8260002200420010db8",
	 "1:192.168.32.0/21 !1:192.168.38.0/28 2:2001:db8::/32"},
	{"IPSECKEY",
	 "0a0102c0000226010351537986ed35533b6064478eeeb27b5bd74dae149b6e81ba3a0521af82ab7801",
	 "10 1 2 192.0.2.38 AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ=="},
	{"CSYNC", "000000420003000460000008", "66 3 A NS AAAA"},
	{"ZONEMD",
	 "7848b78c0101abababababababababababababababababababababababababababababababababababababababababababababababab",
	 "2018031500 1 1 ABABABABABABABABABABABABABABABABABABABABABABABABABABABAB ABABABABABABABABABABABABABABABABABABABAB"},
	{"CDS", "30390d02abababababababababababababababababababababababababababababababab",
	 "12345 13 2 ABABABABABABABABABABABABABABABABABABABABABABABABABABABAB ABABABAB"},
	{"CDNSKEY",
	 "0101030d6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b",
	 "257 3 13 a2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2tr a2tra2tra2tra2tra2tra2tra2traw=="},
	{"SMIMEA", "030101abababababababababababababababababababababababababababababababab",
	 "3 1 1 ABABABABABABABABABABABABABABABABABABABABABABABABABABABAB ABABABAB"},
	{"NID", "000a00144fffff20ee64", "10 14:4fff:ff20:ee64"},
	{"L32", "000a0a010200", "10 10.1.2.0"},
	{"L64", "000a20010db811401000", "10 2001:db8:1140:1000"},
	{"LP", "000a0a6c36342d7375626e65740174047465737400", "10 l64-subnet.t.test."},
	{"WKS", "c0000205060000044000000000000080", "192.0.2.5 6 21 25 80"},
	{"X25", "0c333131303631373030393536", "\"311061700956\""},
	{"ISDN", "0f31353038363230323830303332313703303034", "\"150862028003217\" \"004\""},
	{"MINFO", "05726d61696c017404746573740005656d61696c0174047465737400",
	 "rmail.t.test. email.t.test."},
	{"NULL", "010203", "\\# 3 010203"},
	{"NSEC3", "0101000a04aabbccdd14174eb2409fe28bcb4887a1836f957f0a8425e27b0006400000000002",
	 "1 1 10 AABBCCDD 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR A RRSIG"},
	{"NSEC3", "010000000014174eb2409fe28bcb4887a1836f957f0a8425e27b",
	 "1 0 0 - 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR"},
};

#define N_FIXTURES (sizeof(fixtures) / sizeof(fixtures[0]))

/* unhex
 * Hex text (spaces allowed between octets) into bytes; returns the length. */
static size_t unhex(const char *hex, uint8_t *out, size_t cap)
{
	size_t n = 0;

	while (*hex && n < cap) {
		unsigned v;
		if (*hex == ' ') {
			hex++;
			continue;
		}
		if (!hex[1] || sscanf(hex, "%2x", &v) != 1)
			break;
		out[n++] = (uint8_t)v;
		hex += 2;
	}
	return n;
}

/* rdata_text
 * Text of rdata bytes of a type (class IN), or NULL (caller frees). */
static char *rdata_text(uint16_t type, const uint8_t *b, size_t len, enum dns_status *st)
{
	struct dns_rdata rd = {b, len, type, 1, 0, (uint16_t)len};
	struct dns_text t;
	char *s;

	dns_text_init(&t);
	*st = dns_rdata_to_text(&rd, &t);
	s = *st == DNS_OK ? strdup(dns_text_str(&t)) : NULL;
	dns_text_free(&t);
	return s;
}

/* has_tail
 * Types whose last field is "the rest of the rdata": a stray byte is data there. */
static bool has_tail(uint16_t type)
{
	switch (type) {
	case DNS_T_DS:
	case DNS_T_CDS:
	case DNS_T_SSHFP:
	case DNS_T_TLSA:
	case DNS_T_SMIMEA:
	case DNS_T_ZONEMD:
	case DNS_T_DNSKEY:
	case DNS_T_CDNSKEY:
	case DNS_T_RRSIG:
	case DNS_T_CERT:
	case DNS_T_OPENPGPKEY:
	case DNS_T_DHCID:
	case DNS_T_IPSECKEY:
	case DNS_T_URI:
	case DNS_T_CAA:
	case DNS_T_WKS:
	case DNS_T_NULL:
		return true;
	default:
		return dns_type_name(type) == NULL;
	}
}

static void test_fixtures_text(void)
{
	for (size_t i = 0; i < N_FIXTURES; i++) {
		uint8_t b[1024];
		uint16_t type;
		enum dns_status st;
		CU_ASSERT_TRUE_FATAL(dns_type_from_text(fixtures[i].type, &type));
		size_t len = unhex(fixtures[i].hex, b, sizeof(b));
		char *s = rdata_text(type, b, len, &st);
		CU_ASSERT_EQUAL(st, DNS_OK);
		if (s == NULL || strcmp(s, fixtures[i].text) != 0)
			printf("\n  %s: got '%s'\n  want '%s'\n", fixtures[i].type,
			       s ? s : "(error)", fixtures[i].text);
		CU_ASSERT_PTR_NOT_NULL(s);
		if (s)
			CU_ASSERT_STRING_EQUAL(s, fixtures[i].text);
		free(s);
	}
}

static void test_fixtures_cut_and_stray(void)
{
	for (size_t i = 0; i < N_FIXTURES; i++) {
		uint8_t b[1024];
		uint16_t type;
		dns_type_from_text(fixtures[i].type, &type);
		size_t len = unhex(fixtures[i].hex, b, sizeof(b) - 1);
		if (has_tail(type) || len == 0)
			continue;
		struct dns_rdata cut = {b, len - 1, type, 1, 0, (uint16_t)(len - 1)};
		b[len] = 0xff;
		struct dns_rdata stray = {b, len + 1, type, 1, 0, (uint16_t)(len + 1)};
		if (dns_rdata_check(&cut) == DNS_OK || dns_rdata_check(&stray) == DNS_OK)
			printf("\n  %s %s: cut/stray accepted\n", fixtures[i].type,
			       fixtures[i].text);
		CU_ASSERT_NOT_EQUAL(dns_rdata_check(&cut), DNS_OK);
		CU_ASSERT_NOT_EQUAL(dns_rdata_check(&stray), DNS_OK);
	}
}

/* fields_text
 * dns_rdata_walk's visitor for the tests: "key=value " per field, lists and maps as
 * "key=[a b ] ", into the struct dns_text at arg. */
static void fields_text(void *arg, const struct dns_rdata_field *f)
{
	struct dns_text *t = arg;

	if (f->key && f->event != DNS_RDATA_END)
		dns_text_printf(t, "%s=", f->key);
	if (f->event == DNS_RDATA_NUMBER)
		dns_text_printf(t, "%u ", f->number);
	else if (f->event == DNS_RDATA_TEXT)
		dns_text_printf(t, "%s ", f->text);
	else
		dns_text_add(t, f->event == DNS_RDATA_END ? "] " : "[");
}

/* walk_text
 * The fields of rdata given in hex, as fields_text writes them; "error" when the
 * walk fails. */
static void walk_text(uint16_t type, uint16_t cls, const char *hex, char *out, size_t len)
{
	uint8_t b[256];
	size_t n = unhex(hex, b, sizeof(b));
	struct dns_rdata rd = {b, n, type, cls, 0, (uint16_t)n};
	struct dns_text t;

	dns_text_init(&t);
	if (dns_rdata_walk(&rd, fields_text, &t) != DNS_OK)
		dns_text_add(&t, "error");
	snprintf(out, len, "%s", dns_text_str(&t));
	dns_text_free(&t);
}

static void test_walk_fields(void)
{
	char out[512];

	walk_text(DNS_T_MX, 1, "000a046d61696c0174047465737400", out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "preference=10 exchange=mail.t.test. ");
	walk_text(DNS_T_TXT, 1, "0b68656c6c6f20776f726c640122", out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "strings=[hello world \\\" ] ");
	walk_text(65280, 1, "0a000001", out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "data=\\# 4 0A000001 ");
	/* A in class CH is not an IPv4 address: RFC 3597 */
	walk_text(DNS_T_A, 3, "0a000001", out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "data=\\# 4 0A000001 ");
	/* WKS: the protocol, then the ports as a list */
	walk_text(DNS_T_WKS, 1,
		  "0a00000106"
		  "6000",
		  out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "address=10.0.0.1 protocol=6 ports=[1 2 ] ");
	/* HTTPS: SvcParams as named members */
	walk_text(DNS_T_HTTPS, 1,
		  "000100"
		  "0001000302683200030002"
		  "01bb",
		  out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "priority=1 target=. params=[alpn=\"h2\" port=443 ] ");
	/* malformed: a cut MX is an error and nothing is visited */
	walk_text(DNS_T_MX, 1, "000a046d61", out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "error");
}

static void test_compressed_rdata(void)
{
	/* a message whose MX exchange points at the question name "t.test" (offset 12) */
	static const uint8_t msg[] = {0,    1,   0x81, 0x80, 0,   1,   0,   1,    0, 0,  0, 0,
				      1,    't', 4,    't',  'e', 's', 't', 0,    0, 15, 0, 1,
				      0xc0, 12,  0,    15,   0,   1,   0,   0,    0, 60, 0, 9,
				      0,    10,  4,    'm',  'a', 'i', 'l', 0xc0, 12};
	struct dns_msg *m = NULL;
	struct dns_text t;

	CU_ASSERT_EQUAL_FATAL(dns_msg_parse(msg, sizeof(msg), &m), DNS_OK);
	struct dns_rdata rd = dns_rdata_of(m, &m->rr[DNS_S_ANSWER][0]);
	dns_text_init(&t);
	CU_ASSERT_EQUAL(dns_rdata_to_text(&rd, &t), DNS_OK);
	CU_ASSERT_STRING_EQUAL(dns_text_str(&t), "10 mail.t.test.");
	dns_text_free(&t);
	dns_msg_free(m);
}

/* check_hex
 * Status of checking hex rdata of a type (class IN). */
static enum dns_status check_hex(uint16_t type, const char *hex)
{
	uint8_t b[512];
	size_t len = unhex(hex, b, sizeof(b));
	struct dns_rdata rd = {b, len, type, 1, 0, (uint16_t)len};

	return dns_rdata_check(&rd);
}

static void test_malformed(void)
{
	/* SVCB: priority 1, target ".", keys out of order (port before alpn) */
	CU_ASSERT_EQUAL(check_hex(DNS_T_SVCB, "000100"
					      "00030002 01bb"
					      "00010003 026833"),
			DNS_E_BADRDATA);
	/* SVCB: no-default-alpn without alpn */
	CU_ASSERT_EQUAL(check_hex(DNS_T_SVCB, "000100"
					      "00020000"),
			DNS_E_BADRDATA);
	/* SVCB: mandatory names port, which is missing */
	CU_ASSERT_EQUAL(check_hex(DNS_T_SVCB, "000100"
					      "000000020003"),
			DNS_E_BADRDATA);
	/* SVCB: port of 3 octets */
	CU_ASSERT_EQUAL(check_hex(DNS_T_SVCB, "000100"
					      "00030003010203"),
			DNS_E_BADRDATA);
	/* SVCB alias form with params */
	CU_ASSERT_EQUAL(check_hex(DNS_T_SVCB, "000000"
					      "0003000201bb"),
			DNS_E_BADRDATA);
	/* SVCB alias form alone, and service form without params: fine */
	CU_ASSERT_EQUAL(check_hex(DNS_T_SVCB, "000000"), DNS_OK);
	CU_ASSERT_EQUAL(check_hex(DNS_T_SVCB, "000100"), DNS_OK);
	/* CAA: empty tag, tag with a dash */
	CU_ASSERT_EQUAL(check_hex(DNS_T_CAA, "0000"), DNS_E_BADRDATA);
	CU_ASSERT_EQUAL(check_hex(DNS_T_CAA, "0002612d"), DNS_E_BADRDATA);
	/* NSEC: windows out of order, a window of 0 and of 33 octets */
	CU_ASSERT_EQUAL(check_hex(DNS_T_NSEC, "00"
					      "010140"
					      "000140"),
			DNS_E_BADRDATA);
	CU_ASSERT_EQUAL(check_hex(DNS_T_NSEC, "00"
					      "0000"),
			DNS_E_BADRDATA);
	CU_ASSERT_EQUAL(
		check_hex(DNS_T_NSEC,
			  "00"
			  "0021"
			  "000000000000000000000000000000000000000000000000000000000000000000"),
		DNS_E_BADRDATA);
	/* NSEC3: empty next hashed owner */
	CU_ASSERT_EQUAL(check_hex(DNS_T_NSEC3, "0100000a0000"), DNS_E_BADRDATA);
	/* LOC: a bad precision octet, latitude beyond 90 degrees */
	CU_ASSERT_EQUAL(check_hex(DNS_T_LOC, "00a11613"
					     "8000000080000000"
					     "00989680"),
			DNS_E_BADRDATA);
	CU_ASSERT_EQUAL(check_hex(DNS_T_LOC, "00121613"
					     "ffffffff80000000"
					     "00989680"),
			DNS_E_BADRDATA);
	/* APL: family 3, prefix over 32 */
	CU_ASSERT_EQUAL(check_hex(DNS_T_APL, "0003080100"), DNS_E_BADRDATA);
	CU_ASSERT_EQUAL(check_hex(DNS_T_APL, "00012101c0"), DNS_E_BADRDATA);
	/* IPSECKEY: gateway type 4 */
	CU_ASSERT_EQUAL(check_hex(DNS_T_IPSECKEY, "0a0402"), DNS_E_BADRDATA);
	/* TXT without any string */
	CU_ASSERT_EQUAL(check_hex(DNS_T_TXT, ""), DNS_E_BADRDATA);
	/* a name running past the rdata, a name with a forward pointer */
	CU_ASSERT_NOT_EQUAL(check_hex(DNS_T_NS, "0361"), DNS_OK);
	CU_ASSERT_NOT_EQUAL(check_hex(DNS_T_NS, "c005"), DNS_OK);
	/* rdata claimed beyond the message */
	uint8_t b[4] = {1, 2, 3, 4};
	struct dns_rdata rd = {b, 4, DNS_T_A, 1, 2, 4};
	CU_ASSERT_EQUAL(dns_rdata_check(&rd), DNS_E_BADRDATA);
}

static void test_loc_other_version(void)
{
	enum dns_status st;
	uint8_t b[8] = {1, 2, 3};
	char *s = rdata_text(DNS_T_LOC, b, 3, &st);

	CU_ASSERT_EQUAL(st, DNS_OK);
	CU_ASSERT_STRING_EQUAL(s, "\\# 3 010203");
	free(s);
}

static void test_time_text(void)
{
	char buf[32];
	uint64_t now = 1700000000; /* 2023-11-14 */

	dns_rdata_time_text(1893456000u, now, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "20300101000000");
	/* a 32-bit value that wrapped: 2106 and beyond come back after 1970 */
	dns_rdata_time_text(0, (uint64_t)4294967296u + 100, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "21060207062816");
}

static void test_type_names(void)
{
	uint16_t t;
	char buf[DNS_TYPE_TEXTMAX];

	CU_ASSERT_TRUE(dns_type_from_text("aaaa", &t));
	CU_ASSERT_EQUAL(t, DNS_T_AAAA);
	CU_ASSERT_TRUE(dns_type_from_text("NSAP-PTR", &t));
	CU_ASSERT_EQUAL(t, 23);
	CU_ASSERT_TRUE(dns_type_from_text("TYPE65535", &t));
	CU_ASSERT_EQUAL(t, 65535);
	CU_ASSERT_FALSE(dns_type_from_text("TYPE65536", &t));
	CU_ASSERT_FALSE(dns_type_from_text("TYPE", &t));
	CU_ASSERT_FALSE(dns_type_from_text("TYPE000001", &t)); /* at most five digits */
	CU_ASSERT_FALSE(dns_type_from_text("TYPE+1", &t));
	CU_ASSERT_TRUE(dns_class_from_text("CLASS00003", &t));
	CU_ASSERT_EQUAL(t, 3);
	CU_ASSERT_FALSE(dns_type_from_text("BOGUS", &t));
	CU_ASSERT_STRING_EQUAL(dns_type_to_text(65280, buf, sizeof(buf)), "TYPE65280");
	CU_ASSERT_STRING_EQUAL(dns_type_to_text(DNS_T_HTTPS, buf, sizeof(buf)), "HTTPS");
	CU_ASSERT_TRUE(dns_class_from_text("chaos", &t));
	CU_ASSERT_EQUAL(t, 3);
	CU_ASSERT_FALSE(dns_class_from_text("FOO", &t));
	CU_ASSERT_STRING_EQUAL(dns_class_to_text(3, buf, sizeof(buf)), "CH");
	CU_ASSERT_STRING_EQUAL(dns_rcode_to_text(3, buf, sizeof(buf)), "NXDOMAIN");
	CU_ASSERT_STRING_EQUAL(dns_rcode_to_text(17, buf, sizeof(buf)), "?17");
}

static CU_TestInfo cases[] = {
	{"every type prints as BIND's nslookup", test_fixtures_text},
	{"cut or stray octets are rejected", test_fixtures_cut_and_stray},
	{"typed fields, walked", test_walk_fields},
	{"names compressed into the message", test_compressed_rdata},
	{"malformed rdata", test_malformed},
	{"LOC of another version prints as unknown", test_loc_other_version},
	{"signature times", test_time_text},
	{"type, class and rcode names", test_type_names},
	CU_TEST_INFO_NULL,
};

UNIT_MAIN("dns_rdata", cases)
