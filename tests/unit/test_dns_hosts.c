/* test_dns_hosts.c — the hosts file for reverse names: first name of the first line
 * with the address, aliases and comments, IPv4 and IPv6 (scopes ignored), lines that
 * are skipped (no name, bad address, names a terminal must not print), NUL and CRLF,
 * files (missing, unreadable); the nsswitch.conf hosts order. */
#include "netdx/dns_hosts.h"
#include "unit.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* parse
 * A table from a NUL-terminated text. */
static struct dns_hosts *parse(const char *text)
{
	struct dns_hosts *h = NULL;
	CU_ASSERT_EQUAL(dns_hosts_parse(text, strlen(text), &h), DNS_OK);
	return h;
}

/* name_of
 * The table's name for a literal ("" for none, so CUnit can compare it). */
static const char *name_of(const struct dns_hosts *h, const char *literal)
{
	struct netdx_addr a;
	if (!addr_parse_literal(literal, AF_UNSPEC, &a))
		return "(bad literal)";
	const char *n = dns_hosts_name(h, &a);
	return n ? n : "";
}

static void test_names(void)
{
	struct dns_hosts *h = parse("# the lab\n"
				    "127.0.0.1\tlocalhost\n"
				    "10.0.1.1  r1.lab r1   # router one\n"
				    "10.0.1.1  again.lab\n" /* a second line: not used */
				    "fd00:0:0:1::1 r1-v6.lab\n"
				    "fe80::1%lo link.lab\n"  /* the scope is no part of the match */
				    "10.0.2.1#comment.lab\n" /* no name before the comment */
				    "  \t\n"
				    "10.0.3.1 r3.lab"); /* no final newline */
	CU_ASSERT_FATAL(h != NULL);
	CU_ASSERT_EQUAL(dns_hosts_count(h), 6);
	CU_ASSERT_STRING_EQUAL(name_of(h, "127.0.0.1"), "localhost");
	CU_ASSERT_STRING_EQUAL(name_of(h, "10.0.1.1"), "r1.lab");
	CU_ASSERT_STRING_EQUAL(name_of(h, "fd00:0:0:1::1"), "r1-v6.lab");
	CU_ASSERT_STRING_EQUAL(name_of(h, "fe80::1"), "link.lab");
	CU_ASSERT_STRING_EQUAL(name_of(h, "10.0.2.1"), "");
	CU_ASSERT_STRING_EQUAL(name_of(h, "10.0.3.1"), "r3.lab");
	CU_ASSERT_STRING_EQUAL(name_of(h, "10.0.9.9"), "");
	/* an IPv4 address and the IPv6 one with the same bytes first are not the same */
	CU_ASSERT_STRING_EQUAL(name_of(h, "::ffff:127.0.0.1"), "");
	dns_hosts_free(h);
}

static void test_skipped_lines(void)
{
	struct dns_hosts *h = parse("999.1.1.1 bad-address.lab\n"
				    "10.0.0.1\n"                 /* no name */
				    "10.0.0.2 evil\033[2J.lab\n" /* a terminal escape */
				    "10.0.0.3 caf\xc3\xa9.lab\n" /* not ASCII */
				    "not-an-address name.lab\n"
				    "10.0.0.4 ok.lab\r\n"); /* CRLF */
	CU_ASSERT_FATAL(h != NULL);
	CU_ASSERT_EQUAL(dns_hosts_count(h), 1);
	CU_ASSERT_STRING_EQUAL(name_of(h, "10.0.0.2"), "");
	CU_ASSERT_STRING_EQUAL(name_of(h, "10.0.0.3"), "");
	CU_ASSERT_STRING_EQUAL(name_of(h, "10.0.0.4"), "ok.lab");
	dns_hosts_free(h);
	char long_name[300];
	memset(long_name, 'a', sizeof(long_name));
	memcpy(long_name, "10.0.0.5 ", 9);
	long_name[9 + 254] = '\0'; /* 254 bytes of name: one too many */
	h = parse(long_name);
	CU_ASSERT_EQUAL(dns_hosts_count(h), 0);
	dns_hosts_free(h);
	long_name[9 + 253] = '\0';
	h = parse(long_name);
	CU_ASSERT_EQUAL(dns_hosts_count(h), 1);
	dns_hosts_free(h);
}

static void test_nul_ends(void)
{
	static const char text[] = "10.0.0.1 one.lab\n\0"
				   "10.0.0.2 two.lab\n";
	struct dns_hosts *h = NULL;
	CU_ASSERT_EQUAL_FATAL(dns_hosts_parse(text, sizeof(text) - 1, &h), DNS_OK);
	CU_ASSERT_EQUAL(dns_hosts_count(h), 1);
	CU_ASSERT_STRING_EQUAL(name_of(h, "10.0.0.2"), "");
	dns_hosts_free(h);
}

static void test_files(void)
{
	char path[] = "/tmp/test_dns_hosts.XXXXXX";
	struct dns_hosts *h = NULL;
	int fd = mkstemp(path);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT(write(fd, "10.0.0.7 seven.lab\n", 19) == 19);
	close(fd);
	CU_ASSERT_EQUAL_FATAL(dns_hosts_load(path, &h), DNS_OK);
	CU_ASSERT_STRING_EQUAL(name_of(h, "10.0.0.7"), "seven.lab");
	dns_hosts_free(h);
	unlink(path);
	h = NULL;
	CU_ASSERT_EQUAL_FATAL(dns_hosts_load(path, &h), DNS_OK); /* missing: empty */
	CU_ASSERT_EQUAL(dns_hosts_count(h), 0);
	dns_hosts_free(h);
	errno = 0;
	CU_ASSERT_EQUAL(dns_hosts_load("/", &h), DNS_E_IO);
	CU_ASSERT_EQUAL(errno, EISDIR);
}

/* order
 * The hosts order of a NUL-terminated nsswitch.conf text. */
static enum dns_hosts_order order(const char *text)
{
	return dns_hosts_order_parse(text, strlen(text));
}

static void test_order(void)
{
	CU_ASSERT_EQUAL(order(""), DNS_HOSTS_FIRST);
	CU_ASSERT_EQUAL(order("passwd: files\n"), DNS_HOSTS_FIRST);
	CU_ASSERT_EQUAL(order("hosts: files dns\n"), DNS_HOSTS_FIRST);
	CU_ASSERT_EQUAL(
		order("hosts:          files mdns4_minimal [NOTFOUND=return] dns myhostname\n"),
		DNS_HOSTS_FIRST);
	CU_ASSERT_EQUAL(order("hosts:files dns"), DNS_HOSTS_FIRST);
	CU_ASSERT_EQUAL(order("hosts: dns files\n"), DNS_HOSTS_AFTER_DNS);
	CU_ASSERT_EQUAL(order("hosts: mymachines resolve [!UNAVAIL=return] files myhostname dns\n"),
			DNS_HOSTS_AFTER_DNS);
	CU_ASSERT_EQUAL(order("hosts: files\n"), DNS_HOSTS_ONLY);
	CU_ASSERT_EQUAL(order("hosts: dns\n"), DNS_HOSTS_NEVER);
	CU_ASSERT_EQUAL(order("hosts: myhostname\n"), DNS_HOSTS_FIRST);
	CU_ASSERT_EQUAL(order("# hosts: dns\nhosts: files dns # dns files\n"), DNS_HOSTS_FIRST);
	CU_ASSERT_EQUAL(order("hosts: dns files\nhosts: files dns\n"), DNS_HOSTS_AFTER_DNS);
	CU_ASSERT_EQUAL(dns_hosts_order_load("/nonexistent/nsswitch.conf"), DNS_HOSTS_FIRST);
}

static CU_TestInfo cases[] = {
	{"first name of the first line, aliases, comments, v4/v6", test_names},
	{"lines that are skipped", test_skipped_lines},
	{"a NUL ends the text", test_nul_ends},
	{"files: read, missing, unreadable", test_files},
	{"nsswitch.conf: where files stand", test_order},
	CU_TEST_INFO_NULL,
};

UNIT_MAIN("dns_hosts", cases)
