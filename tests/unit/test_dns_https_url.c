/* test_dns_https_url.c — DNS-over-HTTPS servers as URLs: names, IPv4 and bracketed IPv6
 * literals, ports, paths, and every refusal with its words. */
#include "netdx/dns_https_url.h"
#include "unit.h"

#include <string.h>

static void test_good(void)
{
	struct dns_https_url u;

	CU_ASSERT_EQUAL(dns_https_url_parse("https://dns.example/dns-query", &u, NULL), DNS_OK);
	CU_ASSERT_STRING_EQUAL(u.host, "dns.example");
	CU_ASSERT_EQUAL(u.port, 443);
	CU_ASSERT_FALSE(u.bracketed);
	CU_ASSERT_STRING_EQUAL(u.text, "https://dns.example/dns-query");
	CU_ASSERT_EQUAL(dns_https_url_parse("HTTPS://10.0.2.50:8443/q?x=1", &u, NULL), DNS_OK);
	CU_ASSERT_STRING_EQUAL(u.host, "10.0.2.50");
	CU_ASSERT_EQUAL(u.port, 8443);
	CU_ASSERT_EQUAL(dns_https_url_parse("https://[fd00::2:50]/dns-query", &u, NULL), DNS_OK);
	CU_ASSERT_STRING_EQUAL(u.host, "fd00::2:50");
	CU_ASSERT_TRUE(u.bracketed);
	CU_ASSERT_EQUAL(u.port, 443);
	CU_ASSERT_EQUAL(dns_https_url_parse("https://[::1]:65535/x", &u, NULL), DNS_OK);
	CU_ASSERT_EQUAL(u.port, 65535);
	CU_ASSERT_TRUE(dns_https_url_is("https://x/"));
	CU_ASSERT_FALSE(dns_https_url_is("http://x/dns-query"));
	CU_ASSERT_FALSE(dns_https_url_is("10.0.2.50"));
}

/* refused
 * The words of a refused URL, and its status in *st. */
static const char *refused(const char *text, enum dns_status *st)
{
	struct dns_https_url u;
	const char *why = "";

	*st = dns_https_url_parse(text, &u, &why);
	return why;
}

static void test_bad(void)
{
	enum dns_status st;
	char longer[DNS_HTTPS_URL_MAX + 16];

	CU_ASSERT_STRING_EQUAL(refused("http://x/q", &st), "not an https:// URL");
	CU_ASSERT_STRING_EQUAL(refused("https://x", &st), "no path (as https://HOST/dns-query)");
	CU_ASSERT_STRING_EQUAL(refused("https://x/", &st), "no path (as https://HOST/dns-query)");
	CU_ASSERT_STRING_EQUAL(refused("https:///q", &st), "no host");
	CU_ASSERT_STRING_EQUAL(refused("https://:443/q", &st), "no host");
	CU_ASSERT_STRING_EQUAL(refused("https://x:/q", &st), "empty port");
	CU_ASSERT_STRING_EQUAL(refused("https://x:44a/q", &st), "the port is not a number");
	CU_ASSERT_STRING_EQUAL(refused("https://x:0/q", &st), "port out of range (1 to 65535)");
	CU_ASSERT_EQUAL(st, DNS_E_RANGE);
	CU_ASSERT_STRING_EQUAL(refused("https://x:65536/q", &st), "port out of range (1 to 65535)");
	CU_ASSERT_STRING_EQUAL(refused("https://x:99999999999999999999/q", &st),
			       "port out of range (1 to 65535)");
	CU_ASSERT_STRING_EQUAL(refused("https://[fd00::1/q", &st), "no ']' after an IPv6 address");
	CU_ASSERT_STRING_EQUAL(refused("https://[fd00::1]x/q", &st), "junk after ']'");
	CU_ASSERT_STRING_EQUAL(refused("https://u:p@x/q", &st), "a user name is not supported");
	CU_ASSERT_STRING_EQUAL(refused("https://x/q#frag", &st),
			       "a space, control character or '#' in the URL");
	CU_ASSERT_STRING_EQUAL(refused("https://x/a b", &st),
			       "a space, control character or '#' in the URL");
	CU_ASSERT_EQUAL(st, DNS_E_SYNTAX);
	memset(longer, 'a', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	memcpy(longer, "https://x/", 10);
	CU_ASSERT_STRING_EQUAL(refused(longer, &st), "URL too long");
	CU_ASSERT_EQUAL(st, DNS_E_NOSPACE);
}

static CU_TestInfo cases[] = {
	{"names, literals, ports", test_good},
	{"bad URLs say why", test_bad},
	CU_TEST_INFO_NULL,
};

UNIT_MAIN("dns_https_url", cases)
