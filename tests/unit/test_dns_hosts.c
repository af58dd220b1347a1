/* test_dns_hosts.c — the hosts file for reverse names, read line by line as glibc reads
 * it (what `getent hosts ADDR` gives on Debian 12's glibc 2.36 for the same lines):
 * first name of the first line with the address, aliases and comments, IPv4 and IPv6,
 * v4-mapped and ::1 lines for IPv4, lines skipped (bad or scoped addresses, lone
 * names), lines with an address and no name, overlong lines and names, control bytes,
 * NUL and CRLF, no final newline; files (missing, unreadable); the nsswitch.conf hosts
 * order. */
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
 * The table's name for a literal ("(none)" when no line has it, so CUnit can compare). */
static const char *name_of(const struct dns_hosts *h, const char *literal)
{
	struct netdx_addr a;
	if (!addr_parse_literal(literal, AF_UNSPEC, &a))
		return "(bad literal)";
	const char *n = dns_hosts_name(h, &a);
	return n ? n : "(none)";
}

static void test_names(void)
{
	struct dns_hosts *h = parse("# the lab\n"
				    "127.0.0.1\tlocalhost\n"
				    "10.0.1.1  r1.lab r1   # router one\n"
				    "10.0.1.1  again.lab\n" /* a second line: not used */
				    "fd00:0:0:1::1 r1-v6.lab\n"
				    "  \t\n"
				    "10.0.3.1 r3.lab"); /* no final newline */
	CU_ASSERT_FATAL(h != NULL);
	CU_ASSERT_EQUAL(dns_hosts_count(h), 5);
	CU_ASSERT_STRING_EQUAL(name_of(h, "127.0.0.1"), "localhost");
	CU_ASSERT_STRING_EQUAL(name_of(h, "10.0.1.1"), "r1.lab");
	CU_ASSERT_STRING_EQUAL(name_of(h, "fd00:0:0:1::1"), "r1-v6.lab");
	CU_ASSERT_STRING_EQUAL(name_of(h, "10.0.3.1"), "r3.lab");
	CU_ASSERT_STRING_EQUAL(name_of(h, "10.0.9.9"), "(none)");
	CU_ASSERT_STRING_EQUAL(name_of(h, "::ffff:127.0.0.1"), "(none)");
	dns_hosts_free(h);
}

/* The lines tests/lab/test_hosts_names.sh gives glibc, and what glibc makes of each. */
static void test_garbage_lines(void)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	CU_ASSERT_FATAL(f != NULL);
	fputs("gw-lone.example\n"                /* a lone name: skipped */
	      "10.0.9.300 bad.example\n"         /* not an address: skipped */
	      "10.1 short.example\n"             /* inet_aton's, not inet_pton's: skipped */
	      "010.0.9.7 octal.example\n"        /* leading zero: skipped */
	      "fd00::9%lo scoped.example\n"      /* a scope: skipped */
	      "10.0.9.1\n"                       /* an address alone: known, no name */
	      "10.0.9.1 later.example\n"         /* so this one is never used */
	      "10.0.9.2#comment name2\n"         /* a comment right after the address */
	      "10.0.9.3 name3 # trailing\n"      /* a comment after the name */
	      "10.0.9.4 name4#tail\n"            /* a comment touching the name */
	      "  10.0.9.6 leading.example\n"     /* leading blanks */
	      "10.0.9.7 plain7.example\n"        /* after the octal line */
	      "::ffff:10.0.9.8 mapped.example\n" /* names 10.0.9.8 too */
	      "10.0.9.10\tname10\r\n"            /* a tab, CRLF */
	      "10.0.9.11 ctl\001name\n"          /* a control byte */
	      "10.0.9.12 caf\xc3\xa9.example\n", /* UTF-8: kept */
	      f);
	fputs("10.0.9.5 ", f); /* a name of 70,000 bytes on an overlong line */
	for (int i = 0; i < 70000; i++)
		fputc('b', f);
	fputs("\n10.0.9.5 after-long.example\n10.0.9.9 last.example", f); /* no newline */
	CU_ASSERT_FATAL(fclose(f) == 0);
	struct dns_hosts *h = NULL;
	CU_ASSERT_EQUAL_FATAL(dns_hosts_parse(text, len, &h), DNS_OK);
	CU_ASSERT_STRING_EQUAL(name_of(h, "10.0.0.1"), "(none)"); /* 10.1 */
	CU_ASSERT_STRING_EQUAL(name_of(h, "fd00::9"), "(none)");
	CU_ASSERT_STRING_EQUAL(name_of(h, "10.0.9.1"), "");
	CU_ASSERT_STRING_EQUAL(name_of(h, "10.0.9.2"), "");
	CU_ASSERT_STRING_EQUAL(name_of(h, "10.0.9.3"), "name3");
	CU_ASSERT_STRING_EQUAL(name_of(h, "10.0.9.4"), "name4");
	CU_ASSERT_STRING_EQUAL(name_of(h, "10.0.9.6"), "leading.example");
	CU_ASSERT_STRING_EQUAL(name_of(h, "10.0.9.7"), "plain7.example");
	CU_ASSERT_STRING_EQUAL(name_of(h, "10.0.9.8"), "mapped.example");
	CU_ASSERT_STRING_EQUAL(name_of(h, "::ffff:10.0.9.8"), "mapped.example");
	CU_ASSERT_STRING_EQUAL(name_of(h, "10.0.9.10"), "name10");
	CU_ASSERT_STRING_EQUAL(name_of(h, "10.0.9.11"), "ctl\\001name");
	CU_ASSERT_STRING_EQUAL(name_of(h, "10.0.9.12"), "caf\xc3\xa9.example");
	CU_ASSERT_EQUAL(strlen(name_of(h, "10.0.9.5")), 70000);
	CU_ASSERT_STRING_EQUAL(name_of(h, "10.0.9.9"), "last.example");
	CU_ASSERT_EQUAL(dns_hosts_count(h), 14); /* the 5 skipped are not */
	dns_hosts_free(h);
	free(text);
}

static void test_loopback(void)
{
	struct dns_hosts *h = parse("::1 ip6-localhost\n127.0.0.1 localhost\n");
	CU_ASSERT_STRING_EQUAL(name_of(h, "127.0.0.1"), "ip6-localhost"); /* as glibc */
	CU_ASSERT_STRING_EQUAL(name_of(h, "::1"), "ip6-localhost");
	dns_hosts_free(h);
	h = parse("fd00::1 six.lab\n127.0.0.1 localhost\n");
	CU_ASSERT_STRING_EQUAL(name_of(h, "0.0.0.1"), "(none)"); /* only mapped and ::1 */
	dns_hosts_free(h);
}

static void test_nul_ends(void)
{
	static const char text[] = "10.0.0.1 one.lab\n\0"
				   "10.0.0.2 two.lab\n";
	struct dns_hosts *h = NULL;
	CU_ASSERT_EQUAL_FATAL(dns_hosts_parse(text, sizeof(text) - 1, &h), DNS_OK);
	CU_ASSERT_EQUAL(dns_hosts_count(h), 1);
	CU_ASSERT_STRING_EQUAL(name_of(h, "10.0.0.2"), "(none)");
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
	{"garbage lines, as glibc reads them", test_garbage_lines},
	{"::1 and v4-mapped lines name IPv4 addresses", test_loopback},
	{"a NUL ends the text", test_nul_ends},
	{"files: read, missing, unreadable", test_files},
	{"nsswitch.conf: where files stand", test_order},
	CU_TEST_INFO_NULL,
};

UNIT_MAIN("dns_hosts", cases)
