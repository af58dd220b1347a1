/* test_dns_conf.c — resolv.conf: nameservers (v4, v6, scoped), search and domain,
 * options and their caps, comments, strict errors with line numbers, lenient
 * skipping, limits, files (missing, unreadable as a directory, NUL, no newline). */
#include "netdx/dns_conf.h"
#include "unit.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* parse
 * Parse a NUL-terminated text. */
static enum dns_status parse(const char *text, bool strict, struct dns_conf *c,
			     struct dns_conf_error *e)
{
	return dns_conf_parse(text, strlen(text), strict, c, e);
}

static void test_defaults(void)
{
	struct dns_conf c;

	CU_ASSERT_EQUAL(parse("", true, &c, NULL), DNS_OK);
	CU_ASSERT_EQUAL(c.n_servers, 0);
	CU_ASSERT_EQUAL(c.n_search, 0);
	CU_ASSERT_EQUAL(c.ndots, 1);
	CU_ASSERT_EQUAL(c.timeout, 5);
	CU_ASSERT_EQUAL(c.attempts, 2);
	CU_ASSERT_FALSE(c.rotate);
	CU_ASSERT_FALSE(c.edns0);
	CU_ASSERT_FALSE(c.timeout_set);
}

static void test_full(void)
{
	struct dns_conf c;
	char buf[ADDR_STRLEN];
	const char *text = "# comment\n"
			   "; another\n"
			   "nameserver 192.0.2.53\n"
			   "  nameserver\t2001:db8::53  \n"
			   "nameserver ::1\n"
			   "nameserver 192.0.2.99\n" /* a fourth: ignored, as glibc */
			   "domain ignored.example\n"
			   "search a.example b.example\n"
			   "sortlist 10.0.0.0/8\n"
			   "unknown keyword here\n"
			   "options ndots:3 timeout:2 attempts:4 rotate edns0 debug inet6\n";

	CU_ASSERT_EQUAL_FATAL(parse(text, true, &c, NULL), DNS_OK);
	CU_ASSERT_EQUAL_FATAL(c.n_servers, 3);
	CU_ASSERT_STRING_EQUAL(addr_to_str(&c.servers[0], buf, sizeof(buf)), "192.0.2.53");
	CU_ASSERT_STRING_EQUAL(addr_to_str(&c.servers[1], buf, sizeof(buf)), "2001:db8::53");
	CU_ASSERT_STRING_EQUAL(addr_to_str(&c.servers[2], buf, sizeof(buf)), "::1");
	CU_ASSERT_EQUAL_FATAL(c.n_search, 2);
	CU_ASSERT_STRING_EQUAL(c.search[0], "a.example");
	CU_ASSERT_STRING_EQUAL(c.search[1], "b.example");
	CU_ASSERT_EQUAL(c.ndots, 3);
	CU_ASSERT_EQUAL(c.timeout, 2);
	CU_ASSERT_EQUAL(c.attempts, 4);
	CU_ASSERT_TRUE(c.rotate);
	CU_ASSERT_TRUE(c.edns0);
	CU_ASSERT_TRUE(c.timeout_set && c.attempts_set && c.ndots_set);
}

static void test_last_of_domain_search_wins(void)
{
	struct dns_conf c;

	CU_ASSERT_EQUAL(parse("search a.example b.example\ndomain c.example\n", true, &c, NULL),
			DNS_OK);
	CU_ASSERT_EQUAL(c.n_search, 1);
	CU_ASSERT_STRING_EQUAL(c.search[0], "c.example");
}

static void test_caps(void)
{
	struct dns_conf c;

	CU_ASSERT_EQUAL(parse("options ndots:99 timeout:99999999 attempts:9\n", true, &c, NULL),
			DNS_OK);
	CU_ASSERT_EQUAL(c.ndots, 15);
	CU_ASSERT_EQUAL(c.timeout, 30);
	CU_ASSERT_EQUAL(c.attempts, 5);
	/* beyond the range of long: still the cap; a sign is no number */
	CU_ASSERT_EQUAL(parse("options timeout:99999999999999999999999\n", true, &c, NULL), DNS_OK);
	CU_ASSERT_EQUAL(c.timeout, 30);
	CU_ASSERT_EQUAL(parse("options ndots:+1\n", true, &c, NULL), DNS_E_SYNTAX);
	CU_ASSERT_EQUAL(parse("search a b c d e f g h\n", true, &c, NULL), DNS_OK);
	CU_ASSERT_EQUAL(c.n_search, DNS_CONF_MAXSEARCH);
	CU_ASSERT_STRING_EQUAL(c.search[5], "f");
}

static void test_strict_errors(void)
{
	static const struct {
		const char *text;
		unsigned line;
		const char *what;
	} bad[] = {
		{"nameserver 192.0.2.1\nnameserver garbage\n", 2,
		 "nameserver: not an address: garbage"},
		{"nameserver 192.0.2.1 extra\n", 1, "nameserver: expected one address"},
		{"nameserver\n", 1, "nameserver: expected one address"},
		{"\n\noptions ndots:abc\n", 3, "options: bad ndots value: ndots:abc"},
		{"options timeout:\n", 1, "options: bad timeout value: timeout:"},
		{"options attempts:-1\n", 1, "options: bad attempts value: attempts:-1"},
		{"search\n", 1, "search: expected domains"},
		{"domain a.example b.example\n", 1, "domain: expected one domain"},
		{"search a..b\n", 1, "search: not a domain name: a..b"},
		{"nameserver 999.1.1.1\n", 1, "nameserver: not an address: 999.1.1.1"},
	};
	struct dns_conf c;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct dns_conf_error e = {0};
		c.n_servers = 77;
		CU_ASSERT_EQUAL(parse(bad[i].text, true, &c, &e), DNS_E_SYNTAX);
		CU_ASSERT_EQUAL(c.n_servers, 77); /* untouched */
		CU_ASSERT_EQUAL(e.line, bad[i].line);
		CU_ASSERT_STRING_EQUAL(e.what, bad[i].what);
	}
}

static void test_lenient(void)
{
	struct dns_conf c;

	CU_ASSERT_EQUAL(parse("nameserver garbage\nnameserver 192.0.2.1\n"
			      "options ndots:abc timeout:3\nsearch a..b\nsearch ok.example\n",
			      false, &c, NULL),
			DNS_OK);
	CU_ASSERT_EQUAL(c.n_servers, 1);
	CU_ASSERT_EQUAL(c.timeout, 5); /* the whole bad options line is skipped */
	CU_ASSERT_EQUAL(c.n_search, 1);
	CU_ASSERT_STRING_EQUAL(c.search[0], "ok.example");
}

static void test_odd_text(void)
{
	struct dns_conf c;
	static const char nul[] = "nameserver 192.0.2.1\n\0nameserver 192.0.2.2\n";
	char longline[3000];

	/* a NUL ends the text; a last line without newline counts; CRLF works */
	CU_ASSERT_EQUAL(dns_conf_parse(nul, sizeof(nul) - 1, true, &c, NULL), DNS_OK);
	CU_ASSERT_EQUAL(c.n_servers, 1);
	CU_ASSERT_EQUAL(parse("nameserver 192.0.2.1\r\nnameserver 192.0.2.2", true, &c, NULL),
			DNS_OK);
	CU_ASSERT_EQUAL(c.n_servers, 2);
	/* a line longer than the line buffer is cut, not overrun */
	memset(longline, 'x', sizeof(longline) - 1);
	longline[sizeof(longline) - 1] = '\0';
	memcpy(longline, "search ", 7);
	CU_ASSERT_EQUAL(parse(longline, false, &c, NULL), DNS_OK);
	/* many words on one line */
	CU_ASSERT_EQUAL(parse("options a b c d e f g h i j k l m n o p q r s t u v ndots:4\n", true,
			      &c, NULL),
			DNS_OK);
	CU_ASSERT_EQUAL(
		parse("search a b c d e f g h i j k l m n o p q r s t u v\n", true, &c, NULL),
		DNS_E_SYNTAX);
}

static void test_files(void)
{
	struct dns_conf c;
	char path[] = "/tmp/netdx-conf-XXXXXX";
	int fd = mkstemp(path);

	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT(write(fd, "nameserver 192.0.2.7\noptions timeout:3\n", 39) == 39);
	close(fd);
	CU_ASSERT_EQUAL(dns_conf_load(path, true, &c, NULL), DNS_OK);
	CU_ASSERT_EQUAL(c.n_servers, 1);
	CU_ASSERT_EQUAL(c.timeout, 3);
	unlink(path);
	/* missing: the defaults, as BIND and glibc */
	CU_ASSERT_EQUAL(dns_conf_load(path, true, &c, NULL), DNS_OK);
	CU_ASSERT_EQUAL(c.n_servers, 0);
	/* unreadable (a directory): an I/O error with errno */
	errno = 0;
	CU_ASSERT_EQUAL(dns_conf_load("/", true, &c, NULL), DNS_E_IO);
	CU_ASSERT_EQUAL(errno, EISDIR);
}

static CU_TestInfo cases[] = {
	{"defaults", test_defaults},
	{"every keyword and option", test_full},
	{"the last of domain and search wins", test_last_of_domain_search_wins},
	{"values and lists are capped", test_caps},
	{"strict mode rejects and says where", test_strict_errors},
	{"lenient mode skips bad lines", test_lenient},
	{"NUL, CRLF, no final newline, long lines", test_odd_text},
	{"files: read, missing, unreadable", test_files},
	CU_TEST_INFO_NULL,
};

UNIT_MAIN("dns_conf", cases)
