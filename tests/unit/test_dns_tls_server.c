/* test_dns_tls_server.c — tls://ADDR[:PORT][#NAME]: addresses, names, bracketed IPv6,
 * the default port 853, the name the certificate must carry, and bad servers with why. */
#include "netdx/dns_tls_server.h"
#include "unit.h"

#include <string.h>

/* parse
 * One TLS server from a C string. */
static bool parse(const char *s, struct dns_tls_server *t, struct dns_server_error *err)
{
	return dns_tls_server_parse(s, strlen(s), t, err);
}

static void test_addresses(void)
{
	struct dns_tls_server t;
	struct dns_server_error err;

	CU_ASSERT_TRUE(parse("tls://10.0.2.20", &t, &err));
	CU_ASSERT_STRING_EQUAL(t.at.host, "10.0.2.20");
	CU_ASSERT_TRUE(t.at.literal);
	CU_ASSERT_EQUAL(t.at.port, 853);
	CU_ASSERT_STRING_EQUAL(t.name, ""); /* the address is what is checked */
	CU_ASSERT_TRUE(parse("tls://10.0.2.20:8853#dot.t.test", &t, &err));
	CU_ASSERT_EQUAL(t.at.port, 8853);
	CU_ASSERT_STRING_EQUAL(t.name, "dot.t.test");
	CU_ASSERT_TRUE(parse("tls://[fd00::20]:8853", &t, &err));
	CU_ASSERT_STRING_EQUAL(t.at.host, "fd00::20");
	CU_ASSERT_EQUAL(t.at.port, 8853);
	CU_ASSERT_TRUE(parse("tls://fd00::20#dot.t.test", &t, &err)); /* bare: no port */
	CU_ASSERT_STRING_EQUAL(t.at.host, "fd00::20");
	CU_ASSERT_EQUAL(t.at.port, 853);
	CU_ASSERT_TRUE(parse("TLS://[::1]", &t, &err));
	CU_ASSERT_STRING_EQUAL(t.at.host, "::1");
	CU_ASSERT_TRUE(parse("tls://10.0.2.20#10.0.2.21", &t, &err)); /* an IP to check */
	CU_ASSERT_STRING_EQUAL(t.name, "10.0.2.21");
}

static void test_names(void)
{
	struct dns_tls_server t;
	struct dns_server_error err;

	CU_ASSERT_TRUE(parse("tls://dot.t.test", &t, &err));
	CU_ASSERT_FALSE(t.at.literal);
	CU_ASSERT_STRING_EQUAL(t.at.host, "dot.t.test");
	CU_ASSERT_STRING_EQUAL(t.name, "dot.t.test"); /* a host name is its own */
	CU_ASSERT_TRUE(parse("tls://resolver.t.test:65535#other.t.test", &t, &err));
	CU_ASSERT_EQUAL(t.at.port, 65535);
	CU_ASSERT_STRING_EQUAL(t.name, "other.t.test");
	CU_ASSERT_TRUE(dns_tls_server_is("tls://x", 7));
	CU_ASSERT_FALSE(dns_tls_server_is("10.0.0.1", 8));
	CU_ASSERT_FALSE(dns_tls_server_is("tls:/", 5));
}

/* refused
 * The why of a refused server ("" when it was accepted). */
static const char *refused(const char *s, struct dns_server_error *err)
{
	struct dns_tls_server t;

	return parse(s, &t, err) ? "" : err->why;
}

static void test_bad(void)
{
	struct dns_server_error err;

	CU_ASSERT_STRING_EQUAL(refused("10.0.2.20", &err), "not tls://ADDR[:PORT][#NAME]");
	CU_ASSERT_STRING_EQUAL(refused("https://10.0.2.20", &err), "not tls://ADDR[:PORT][#NAME]");
	CU_ASSERT_STRING_EQUAL(refused("tls://", &err), "no address after 'tls://'");
	CU_ASSERT_STRING_EQUAL(refused("tls://:853", &err), "no address after 'tls://'");
	CU_ASSERT_STRING_EQUAL(refused("tls://10.0.2.20:", &err), "no port after ':'");
	CU_ASSERT_STRING_EQUAL(refused("tls://10.0.2.20:0", &err),
			       "port out of range (1 to 65535)");
	CU_ASSERT_STRING_EQUAL(refused("tls://10.0.2.20:65536", &err),
			       "port out of range (1 to 65535)");
	CU_ASSERT_STRING_EQUAL(refused("tls://10.0.2.20:99999999999999999999999", &err),
			       "port out of range (1 to 65535)");
	CU_ASSERT_STRING_EQUAL(refused("tls://10.0.2.20:85x", &err), "the port is not a number");
	CU_ASSERT_STRING_EQUAL(refused("tls://10.0.2.20#", &err), "no name after '#'");
	CU_ASSERT_STRING_EQUAL(refused("tls://[fd00::20", &err),
			       "no ']' after '[' and the IPv6 address");
	CU_ASSERT_STRING_EQUAL(refused("tls://[fd00::20]x", &err), "only ':PORT' may follow ']'");
	CU_ASSERT_STRING_EQUAL(refused("tls://[10.0.2.20]", &err), "brackets hold an IPv6 address");
	CU_ASSERT_STRING_EQUAL(refused("tls://fd00.::20", &err), "not an IPv6 address");
	CU_ASSERT_STRING_EQUAL(refused("tls://10.0.0.0/8", &err),
			       "an address block is not a server");
	CU_ASSERT_STRING_EQUAL(refused("tls://10.0.2.20#10.0.0.0/8", &err),
			       "an address block is not a name");
	CU_ASSERT_STRING_NOT_EQUAL(refused("tls://a..b", &err), "");
	CU_ASSERT_STRING_NOT_EQUAL(refused("tls://10.0.2.20#a b", &err), "");
	/* the error quotes the server safely */
	CU_ASSERT_STRING_NOT_EQUAL(refused("tls://bad\x01name", &err), "");
	CU_ASSERT_STRING_EQUAL(err.text, "tls://bad\\x01name");
}

static CU_TestInfo cases[] = {
	{"addresses, ports, bracketed IPv6, the name to check", test_addresses},
	{"host names are their own name", test_names},
	{"bad servers say why", test_bad},
	CU_TEST_INFO_NULL,
};

UNIT_MAIN("dns_tls_server", cases)
