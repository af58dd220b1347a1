/* test_dns_server_list.c — HOST[#PORT] servers: literals, names, ports and their
 * errors, and server files (comments after a blank, '#' glued to the host as a port,
 * a byte order mark, CR LF, bad lines with their numbers, reading on after one). */
#include "netdx/dns_server_list.h"
#include "unit.h"

#include <string.h>

/* parse
 * One server from a C string. */
static bool parse(const char *s, struct dns_server_spec *sp, struct dns_server_error *err)
{
	return dns_server_parse(s, strlen(s), 53, sp, err);
}

static void test_parse_good(void)
{
	struct dns_server_spec sp;
	struct dns_server_error err;

	CU_ASSERT_TRUE(parse("10.0.2.20", &sp, &err));
	CU_ASSERT_STRING_EQUAL(sp.host, "10.0.2.20");
	CU_ASSERT_TRUE(sp.literal);
	CU_ASSERT_EQUAL(sp.port, 53);
	CU_ASSERT_TRUE(parse("fd00::20#5353", &sp, &err));
	CU_ASSERT_STRING_EQUAL(sp.host, "fd00::20");
	CU_ASSERT_EQUAL(sp.port, 5353);
	CU_ASSERT_TRUE(parse("resolver.t.test#65535", &sp, &err));
	CU_ASSERT_FALSE(sp.literal);
	CU_ASSERT_EQUAL(sp.port, 65535);
	CU_ASSERT_TRUE(dns_server_parse("10.0.0.1", 8, 853, &sp, &err));
	CU_ASSERT_EQUAL(sp.port, 853);
}

/* refused
 * The why of a refused server ("" when it was accepted). */
static const char *refused(const char *s, struct dns_server_error *err)
{
	struct dns_server_spec sp;

	return parse(s, &sp, err) ? "" : err->why;
}

static void test_parse_bad(void)
{
	struct dns_server_error err;

	CU_ASSERT_STRING_EQUAL(refused("10.0.0.1#0", &err), "port out of range (1 to 65535)");
	CU_ASSERT_STRING_EQUAL(refused("10.0.0.1#65536", &err), "port out of range (1 to 65535)");
	CU_ASSERT_STRING_EQUAL(refused("10.0.0.1#99999999999999999999", &err),
			       "port out of range (1 to 65535)");
	CU_ASSERT_STRING_EQUAL(refused("10.0.0.1#53x", &err), "the port is not a number");
	CU_ASSERT_STRING_EQUAL(refused("10.0.0.1#", &err), "no port after '#'");
	CU_ASSERT_STRING_EQUAL(refused("#53", &err), "no host before '#'");
	CU_ASSERT_STRING_EQUAL(refused("", &err), "empty server");
	CU_ASSERT_STRING_EQUAL(refused("10.0.0.0/8", &err), "an address block is not a server");
	CU_ASSERT_STRING_NOT_EQUAL(refused("a..b", &err), "");
	CU_ASSERT_STRING_NOT_EQUAL(refused("a b", &err), "");
	/* the error quotes the server safely */
	CU_ASSERT_STRING_NOT_EQUAL(refused("bad\x01name", &err), "");
	CU_ASSERT_STRING_EQUAL(err.text, "bad\\x01name");
	CU_ASSERT_EQUAL(err.line, 0);
	/* a NUL among the bytes is a control character, not the end */
	struct dns_server_spec sp;
	CU_ASSERT_FALSE(dns_server_parse("a\0b", 3, 53, &sp, &err));
}

static void test_file(void)
{
	static const char text[] = "\xef\xbb\xbf# resolvers\r\n"
				   "\n"
				   "  10.0.2.20   # validating\r\n"
				   "10.0.2.21#5353\n"
				   "10.0.2.22 #5353\n"
				   "10.0.0.1#x\n"
				   "resolver.t.test";
	FILE *f = fmemopen((void *)text, sizeof(text) - 1, "r");
	struct dns_server_file sf;
	struct dns_server_spec sp;
	struct dns_server_error err;

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	dns_server_file_init(&sf, f, 53);
	CU_ASSERT_EQUAL(dns_server_file_next(&sf, &sp, &err), DNS_SERVER_FILE_OK);
	CU_ASSERT_STRING_EQUAL(sp.host, "10.0.2.20");
	CU_ASSERT_EQUAL(sf.lines.line_no, 3);
	CU_ASSERT_EQUAL(dns_server_file_next(&sf, &sp, &err), DNS_SERVER_FILE_OK);
	CU_ASSERT_STRING_EQUAL(sp.host, "10.0.2.21");
	CU_ASSERT_EQUAL(sp.port, 5353);
	CU_ASSERT_EQUAL(dns_server_file_next(&sf, &sp, &err), DNS_SERVER_FILE_OK);
	CU_ASSERT_STRING_EQUAL(sp.host, "10.0.2.22"); /* " #5353" is a comment */
	CU_ASSERT_EQUAL(sp.port, 53);
	CU_ASSERT_EQUAL(dns_server_file_next(&sf, &sp, &err), DNS_SERVER_FILE_BAD);
	CU_ASSERT_EQUAL(err.line, 6);
	CU_ASSERT_STRING_EQUAL(err.text, "10.0.0.1#x");
	CU_ASSERT_EQUAL(dns_server_file_next(&sf, &sp, &err), DNS_SERVER_FILE_OK);
	CU_ASSERT_STRING_EQUAL(sp.host, "resolver.t.test");
	CU_ASSERT_EQUAL(dns_server_file_next(&sf, &sp, &err), DNS_SERVER_FILE_END);
	dns_server_file_free(&sf);
	fclose(f);
}

static CU_TestInfo cases[] = {
	{"literals, names and ports", test_parse_good},
	{"bad servers say why", test_parse_bad},
	{"a server file: comments, ports, BOM, CR LF, bad lines", test_file},
	CU_TEST_INFO_NULL,
};

UNIT_MAIN("dns_server_list", cases)
