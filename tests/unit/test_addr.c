/* test_addr.c — literals, names, CIDR blocks and printing of common/net/addr.c.
 *
 * Name lookups run only inside the throw-away namespace of tests/netns_run.sh, whose
 * resolv.conf names 127.0.0.1 (nothing listens there, so DNS fails at once). The
 * lookup tests check that first and fail, without looking anything up, when they
 * find themselves elsewhere. */
#include "netdx/addr.h"
#include "unit.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* str
 * Text of an address, for comparisons (a static buffer per call site is enough). */
static const char *str(const struct netdx_addr *a, char buf[ADDR_STRLEN])
{
	return addr_to_str(a, buf, ADDR_STRLEN);
}

/* nameserver_is_loopback
 * Whether a resolv.conf nameserver value is 127.0.0.0/8 or ::1. */
static bool nameserver_is_loopback(const char *ns)
{
	struct in6_addr a6;
	struct in_addr a4;

	if (inet_pton(AF_INET, ns, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	if (inet_pton(AF_INET6, ns, &a6) == 1)
		return IN6_IS_ADDR_LOOPBACK(&a6);
	return false;
}

/* only_loopback_interfaces
 * Whether "lo" is the only network interface here, as in netns_run.sh's namespace.
 * (A loopback nameserver alone proves nothing: a stub like systemd-resolved's
 * 127.0.0.53 forwards to the real network.) */
static bool only_loopback_interfaces(void)
{
	struct if_nameindex *ifs = if_nameindex(), *i;
	bool ok = ifs != NULL;

	for (i = ifs; ok && i->if_index != 0; i++)
		if (strcmp(i->if_name, "lo") != 0)
			ok = false;
	if (ifs != NULL)
		if_freenameindex(ifs);
	return ok;
}

/* in_throwaway_namespace
 * True only when this process is not in init's network namespace (when that can be
 * told), has no interface but lo, and every nameserver in /etc/resolv.conf is
 * loopback, so a lookup cannot leave the machine. why says what is wrong otherwise. */
static bool in_throwaway_namespace(const char **why)
{
	char line[512], ns[256];
	struct stat self, init;
	FILE *f;
	bool ok = true;

	if (stat("/proc/self/ns/net", &self) != 0) {
		*why = "cannot stat /proc/self/ns/net";
		return false;
	}
	if (stat("/proc/1/ns/net", &init) == 0 && self.st_ino == init.st_ino &&
	    self.st_dev == init.st_dev) {
		*why = "running in the root network namespace; use tests/netns_run.sh";
		return false;
	}
	if (!only_loopback_interfaces()) {
		*why = "network interfaces other than lo; use tests/netns_run.sh";
		return false;
	}
	f = fopen("/etc/resolv.conf", "r");
	if (f == NULL)
		return true; /* no resolv.conf: glibc asks 127.0.0.1 */
	while (fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, " nameserver %255s", ns) == 1 && !nameserver_is_loopback(ns)) {
			*why = "/etc/resolv.conf names a non-loopback server; use tests/netns_run.sh";
			ok = false;
		}
	}
	fclose(f);
	return ok;
}

/* REQUIRE_LAB
 * Fail the test, and look nothing up, outside the throw-away namespace. */
#define REQUIRE_LAB()                                                                              \
	do {                                                                                       \
		const char *lab_why_ = NULL;                                                       \
		if (!in_throwaway_namespace(&lab_why_)) {                                          \
			fprintf(stderr, "\n  refusing lookups: %s\n", lab_why_);                   \
			CU_FAIL_FATAL("not in a throw-away network namespace");                    \
		}                                                                                  \
	} while (0)

static void test_literal_v4(void)
{
	const struct sockaddr_in *sin;
	struct netdx_addr a;
	char buf[ADDR_STRLEN];

	CU_ASSERT_TRUE_FATAL(addr_parse_literal("127.0.0.1", AF_UNSPEC, &a));
	CU_ASSERT_EQUAL(addr_family(&a), AF_INET);
	CU_ASSERT_EQUAL(a.len, sizeof(struct sockaddr_in));
	sin = (const struct sockaddr_in *)&a.ss;
	CU_ASSERT_EQUAL(sin->sin_addr.s_addr, htonl(INADDR_LOOPBACK));
	CU_ASSERT_EQUAL(addr_port(&a), 0);
	CU_ASSERT_STRING_EQUAL(str(&a, buf), "127.0.0.1");
	CU_ASSERT_TRUE(addr_parse_literal("10.1.2.3", AF_INET, &a));
	CU_ASSERT_STRING_EQUAL(str(&a, buf), "10.1.2.3");
}

static void test_literal_v6(void)
{
	const struct sockaddr_in6 *sin6;
	struct netdx_addr a;
	char buf[ADDR_STRLEN];

	CU_ASSERT_TRUE_FATAL(addr_parse_literal("::1", AF_UNSPEC, &a));
	CU_ASSERT_EQUAL(addr_family(&a), AF_INET6);
	CU_ASSERT_EQUAL(a.len, sizeof(struct sockaddr_in6));
	sin6 = (const struct sockaddr_in6 *)&a.ss;
	CU_ASSERT_TRUE(IN6_IS_ADDR_LOOPBACK(&sin6->sin6_addr));
	CU_ASSERT_EQUAL(sin6->sin6_scope_id, 0);
	CU_ASSERT_STRING_EQUAL(str(&a, buf), "::1");
	CU_ASSERT_TRUE(addr_parse_literal("2001:db8::1", AF_INET6, &a));
	CU_ASSERT_STRING_EQUAL(str(&a, buf), "2001:db8::1");
}

static void test_literal_rejected(void)
{
	static const char *const bad[] = {
		"999.1.1.1",  "",           "1.2.3",        "127.1",      "1.2.3.4.5",
		" 127.0.0.1", "127.0.0.1 ", "abc",          "localhost",  "10.0.0.0/8",
		"::1%",       "%lo",        "2001:db8:::1", "1.2.3.4%lo", "fe80::1%nosuchif0",
		"0x7f.0.0.1",
	};
	struct netdx_addr a;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CU_ASSERT_FALSE(addr_parse_literal(bad[i], AF_UNSPEC, &a));
		CU_ASSERT_EQUAL(addr_family(&a), AF_UNSPEC);
	}
	CU_ASSERT_FALSE(addr_parse_literal(NULL, AF_UNSPEC, &a));
	/* A literal of the other family. */
	CU_ASSERT_FALSE(addr_parse_literal("::1", AF_INET, &a));
	CU_ASSERT_FALSE(addr_parse_literal("127.0.0.1", AF_INET6, &a));
	CU_ASSERT_FALSE(addr_parse_literal("fe80::1%lo", AF_INET, &a));
}

static void test_literal_scope(void)
{
	const struct sockaddr_in6 *sin6;
	unsigned lo = if_nametoindex("lo");
	struct netdx_addr a, b;
	char buf[ADDR_STRLEN];

	CU_ASSERT_FATAL(lo != 0);
	CU_ASSERT_TRUE_FATAL(addr_parse_literal("fe80::1%lo", AF_UNSPEC, &a));
	sin6 = (const struct sockaddr_in6 *)&a.ss;
	CU_ASSERT_EQUAL(sin6->sin6_scope_id, lo);
	CU_ASSERT_STRING_EQUAL(str(&a, buf), "fe80::1%lo");

	/* A numeric zone names the same interface and prints by name. */
	CU_ASSERT_TRUE_FATAL(addr_parse_literal("fe80::1%1", AF_INET6, &b));
	CU_ASSERT_EQUAL(((const struct sockaddr_in6 *)&b.ss)->sin6_scope_id, 1);
	if (lo == 1)
		CU_ASSERT_STRING_EQUAL(str(&b, buf), "fe80::1%lo");

	/* An index with no interface still prints, as a number. */
	CU_ASSERT_TRUE_FATAL(addr_parse_literal("fe80::1%4000000", AF_INET6, &b));
	CU_ASSERT_STRING_EQUAL(str(&b, buf), "fe80::1%4000000");
	CU_ASSERT_FALSE(addr_parse_literal("fe80::1%99999999999", AF_INET6, &b));
	/* The largest index is a number; one past it, or a sign, is no index (nor a name). */
	CU_ASSERT_TRUE(addr_parse_literal("fe80::1%4294967295", AF_INET6, &b));
	CU_ASSERT_FALSE(addr_parse_literal("fe80::1%4294967296", AF_INET6, &b));
	CU_ASSERT_FALSE(addr_parse_literal("fe80::1%+1", AF_INET6, &b));
	CU_ASSERT_FALSE(addr_parse_literal("fe80::1%-1", AF_INET6, &b));
}

static void test_to_str_round_trip(void)
{
	static const char *const texts[] = {
		"0.0.0.0", "10.1.2.3",    "255.255.255.255",      "127.0.0.1",        "::",
		"::1",     "2001:db8::1", "2001:db8:1:2:3:4:5:6", "::ffff:192.0.2.1", "fe80::1%lo",
	};
	struct netdx_addr a, b;
	char buf[ADDR_STRLEN], small[5];
	size_t i;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		CU_ASSERT_TRUE_FATAL(addr_parse_literal(texts[i], AF_UNSPEC, &a));
		CU_ASSERT_STRING_EQUAL(str(&a, buf), texts[i]);
		CU_ASSERT_TRUE_FATAL(addr_parse_literal(buf, AF_UNSPEC, &b));
		CU_ASSERT_TRUE(addr_equal(&a, &b));
	}
	/* Cut to fit, always terminated; an empty address prints as "". */
	CU_ASSERT_TRUE(addr_parse_literal("10.1.2.3", AF_UNSPEC, &a));
	CU_ASSERT_STRING_EQUAL(addr_to_str(&a, small, sizeof(small)), "10.1");
	memset(&a, 0, sizeof(a));
	CU_ASSERT_STRING_EQUAL(str(&a, buf), "");
}

static void test_equal_port_bytes(void)
{
	static const unsigned char v4[4] = {192, 0, 2, 7};
	unsigned char v6[16] = {0x20, 0x01, 0x0d, 0xb8};
	struct netdx_addr a, b, c, e;

	CU_ASSERT_TRUE(addr_parse_literal("192.0.2.7", AF_UNSPEC, &a));
	addr_from_bytes(&b, AF_INET, v4);
	CU_ASSERT_EQUAL(b.len, sizeof(struct sockaddr_in));
	CU_ASSERT_TRUE(addr_equal(&a, &b));
	CU_ASSERT_EQUAL(memcmp(addr_bytes(&b), v4, 4), 0);

	/* Ports are ignored by addr_equal, and kept in network order. */
	addr_set_port(&a, 80);
	addr_set_port(&b, 443);
	CU_ASSERT_EQUAL(addr_port(&a), 80);
	CU_ASSERT_EQUAL(addr_port(&b), 443);
	CU_ASSERT_EQUAL(((const struct sockaddr_in *)&a.ss)->sin_port, htons(80));
	CU_ASSERT_TRUE(addr_equal(&a, &b));

	CU_ASSERT_TRUE(addr_parse_literal("192.0.2.8", AF_UNSPEC, &c));
	CU_ASSERT_FALSE(addr_equal(&a, &c));
	/* Same bits, different family. */
	CU_ASSERT_TRUE(addr_parse_literal("::ffff:192.0.2.7", AF_UNSPEC, &c));
	CU_ASSERT_FALSE(addr_equal(&a, &c));

	v6[15] = 9;
	addr_from_bytes(&c, AF_INET6, v6);
	CU_ASSERT_EQUAL(addr_family(&c), AF_INET6);
	CU_ASSERT_EQUAL(memcmp(addr_bytes(&c), v6, 16), 0);
	CU_ASSERT_TRUE(addr_parse_literal("2001:db8::9", AF_INET6, &b));
	addr_set_port(&b, 33434);
	CU_ASSERT_EQUAL(addr_port(&b), 33434);
	CU_ASSERT_EQUAL(((const struct sockaddr_in6 *)&b.ss)->sin6_port, htons(33434));
	CU_ASSERT_TRUE(addr_equal(&b, &c));
	/* Scope is ignored as well. */
	((struct sockaddr_in6 *)&c.ss)->sin6_scope_id = 1;
	CU_ASSERT_TRUE(addr_equal(&b, &c));

	memset(&e, 0, sizeof(e));
	CU_ASSERT_EQUAL(addr_family(&e), AF_UNSPEC);
	CU_ASSERT_PTR_NULL(addr_bytes(&e));
	CU_ASSERT_EQUAL(addr_port(&e), 0);
	CU_ASSERT_FALSE(addr_equal(&a, &e));
	addr_from_bytes(&e, AF_UNIX, v4);
	CU_ASSERT_EQUAL(addr_family(&e), AF_UNSPEC);
}

/* check_cidr
 * Parse s and check count, the first and the last host. */
static void check_cidr(const char *s, uint64_t count, const char *first, const char *last)
{
	struct addr_cidr c;
	struct netdx_addr h;
	const char *why;
	char buf[ADDR_STRLEN];

	CU_ASSERT_EQUAL_FATAL(addr_cidr_parse(s, &c, &why), NETDX_OK);
	CU_ASSERT_EQUAL(c.count, count);
	addr_cidr_host(&c, 0, &h);
	CU_ASSERT_STRING_EQUAL(str(&h, buf), first);
	addr_cidr_host(&c, count - 1, &h);
	CU_ASSERT_STRING_EQUAL(str(&h, buf), last);
}

static void test_cidr_v4(void)
{
	struct addr_cidr c;
	struct netdx_addr h;
	char buf[ADDR_STRLEN];
	const char *why;

	check_cidr("10.0.0.0/28", 14, "10.0.0.1", "10.0.0.14");
	CU_ASSERT_EQUAL(addr_cidr_parse("10.0.0.0/28", &c, &why), NETDX_OK);
	CU_ASSERT_EQUAL(c.prefix, 28);
	CU_ASSERT_EQUAL(c.first, 1);
	CU_ASSERT_STRING_EQUAL(str(&c.base, buf), "10.0.0.0");

	check_cidr("127.1.0.0/22", 1022, "127.1.0.1", "127.1.3.254");
	CU_ASSERT_EQUAL(addr_cidr_parse("127.1.0.0/22", &c, &why), NETDX_OK);
	/* Carry from one byte into the next. */
	addr_cidr_host(&c, 254, &h);
	CU_ASSERT_STRING_EQUAL(str(&h, buf), "127.1.0.255");
	addr_cidr_host(&c, 255, &h);
	CU_ASSERT_STRING_EQUAL(str(&h, buf), "127.1.1.0");

	check_cidr("10.0.0.4/31", 2, "10.0.0.4", "10.0.0.5");
	check_cidr("10.0.0.7/32", 1, "10.0.0.7", "10.0.0.7");
	check_cidr("10.0.0.7/0032", 1, "10.0.0.7", "10.0.0.7");
	check_cidr("10.0.0.4/30", 2, "10.0.0.5", "10.0.0.6");
	check_cidr("0.0.0.0/0", 4294967294u, "0.0.0.1", "255.255.255.254");

	/* Host bits set in the input are cleared. */
	check_cidr("10.0.0.5/24", 254, "10.0.0.1", "10.0.0.254");
	CU_ASSERT_EQUAL(addr_cidr_parse("10.0.0.5/24", &c, &why), NETDX_OK);
	CU_ASSERT_STRING_EQUAL(str(&c.base, buf), "10.0.0.0");
	CU_ASSERT_EQUAL(addr_cidr_parse("10.255.255.255/9", &c, &why), NETDX_OK);
	CU_ASSERT_STRING_EQUAL(str(&c.base, buf), "10.128.0.0");
}

static void test_cidr_v6(void)
{
	struct addr_cidr c;
	struct netdx_addr h;
	char buf[ADDR_STRLEN];
	const char *why;

	/* IPv6 blocks give every address (no broadcast to skip). */
	check_cidr("2001:db8::/126", 4, "2001:db8::", "2001:db8::3");
	check_cidr("2001:db8::ff/120", 256, "2001:db8::", "2001:db8::ff");
	check_cidr("2001:db8::5/127", 2, "2001:db8::4", "2001:db8::5");
	check_cidr("2001:db8::5/128", 1, "2001:db8::5", "2001:db8::5");
	check_cidr("2001:db8::/65", (uint64_t)1 << 63,
		   "2001:db8::", "2001:db8::7fff:ffff:ffff:ffff");
	CU_ASSERT_EQUAL(addr_cidr_parse("2001:db8:1:2:3:4:5:6/48", &c, &why), NETDX_OK);
	CU_ASSERT_STRING_EQUAL(str(&c.base, buf), "2001:db8:1::");
	CU_ASSERT_EQUAL(c.prefix, 48);

	/* 2^64 and more addresses: the count saturates. */
	CU_ASSERT_EQUAL_FATAL(addr_cidr_parse("::/0", &c, &why), NETDX_OK);
	CU_ASSERT_EQUAL(c.count, UINT64_MAX);
	CU_ASSERT_EQUAL(c.first, 0);
	addr_cidr_host(&c, UINT64_MAX - 1, &h);
	CU_ASSERT_STRING_EQUAL(str(&h, buf), "::ffff:ffff:ffff:fffe");
	CU_ASSERT_EQUAL(addr_cidr_parse("2001:db8::/64", &c, &why), NETDX_OK);
	CU_ASSERT_EQUAL(c.count, UINT64_MAX);
	addr_cidr_host(&c, 0x10000, &h);
	CU_ASSERT_STRING_EQUAL(str(&h, buf), "2001:db8::1:0");

	/* The offset is 128-bit arithmetic: a carry crosses the 64-bit halves. */
	CU_ASSERT_TRUE(addr_parse_literal("2001:db8:0:1:ffff:ffff:ffff:ffff", AF_INET6, &c.base));
	c.first = 0;
	addr_cidr_host(&c, 1, &h);
	CU_ASSERT_STRING_EQUAL(str(&h, buf), "2001:db8:0:2::");
}

static void test_cidr_rejected(void)
{
	static const struct {
		const char *s;   /* input */
		const char *why; /* expected reason */
	} bad[] = {
		{"10.0.0.0/33", "prefix length out of range"},
		{"10.0.0.0/", "prefix length out of range"},
		{"10.0.0.0/-1", "prefix length out of range"},
		{"10.0.0.0/-0", "prefix length out of range"},
		{"10.0.0.0/+24", "prefix length out of range"},
		{"10.0.0.0/abc", "prefix length out of range"},
		{"10.0.0.0/24x", "prefix length out of range"},
		{"10.0.0.0/ 24", "prefix length out of range"},
		{"10.0.0.0/99999999999999999999", "prefix length out of range"},
		{"2001:db8::/129", "prefix length out of range"},
		{"/24", "not an address"},
		{"999.0.0.0/8", "not an address"},
		{"example.com/24", "not an address"},
		{"", "not a CIDR block"},
		{"10.0.0.0", "not a CIDR block"},
	};
	struct addr_cidr c;
	const char *why;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		CU_ASSERT_EQUAL(addr_cidr_parse(bad[i].s, &c, &why), NETDX_E_INVALID);
		CU_ASSERT_PTR_NOT_NULL_FATAL(why);
		CU_ASSERT_STRING_EQUAL(why, bad[i].why);
		CU_ASSERT_EQUAL(c.count, 0);
	}
	CU_ASSERT_EQUAL(addr_cidr_parse(NULL, &c, NULL), NETDX_E_INVALID);
}

static void test_is_cidr(void)
{
	CU_ASSERT_TRUE(addr_is_cidr("10.0.0.0/24"));
	CU_ASSERT_TRUE(addr_is_cidr("2001:db8::/64"));
	CU_ASSERT_FALSE(addr_is_cidr("10.0.0.1"));
	CU_ASSERT_FALSE(addr_is_cidr("localhost"));
	CU_ASSERT_FALSE(addr_is_cidr(""));
	CU_ASSERT_FALSE(addr_is_cidr(NULL));
}

static void test_resolve_localhost_v4(void)
{
	struct netdx_addr a;
	char canon[256], buf[ADDR_STRLEN];
	const char *why;

	REQUIRE_LAB();
	CU_ASSERT_EQUAL_FATAL(addr_resolve("localhost", AF_INET, &a, canon, sizeof(canon), &why),
			      NETDX_OK);
	CU_ASSERT_EQUAL(addr_family(&a), AF_INET);
	CU_ASSERT_STRING_EQUAL(str(&a, buf), "127.0.0.1");
	CU_ASSERT_EQUAL(addr_port(&a), 0);
	CU_ASSERT_STRING_EQUAL(canon, "localhost");

	/* Any family: some loopback address. */
	CU_ASSERT_EQUAL_FATAL(addr_resolve("localhost", AF_UNSPEC, &a, NULL, 0, &why), NETDX_OK);
	str(&a, buf);
	CU_ASSERT(strcmp(buf, "127.0.0.1") == 0 || strcmp(buf, "::1") == 0);
}

/* bind_text
 * In a child's own mount namespace: text over the file at path (a bind mount). */
static bool bind_text(int fd, const char *path, const char *text)
{
	char tmpl[] = "/tmp/netdx-etc-XXXXXX";
	size_t len = strlen(text);
	int tfd = mkstemp(tmpl);
	bool ok = tfd >= 0 && write(tfd, text, len) == (ssize_t)len && fchmod(tfd, 0644) == 0 &&
		  mount(tmpl, path, NULL, MS_BIND, NULL) == 0;
	if (!ok)
		dprintf(fd, "ERR bind mount over %s: %s", path, strerror(errno));
	if (tfd >= 0) {
		close(tfd);
		unlink(tmpl); /* the bind mount keeps the file alive */
	}
	return ok;
}

/* resolve_v6_in_child
 * In a forked child with its own mount namespace, put a hosts file naming ::1
 * localhost over /etc/hosts (not every machine's has that line), resolve "localhost"
 * for AF_INET6 and AF_INET, and write "address canon|address" or "ERR why" to fd. */
static void resolve_v6_in_child(int fd)
{
	char canon[256], b6[ADDR_STRLEN], b4[ADDR_STRLEN];
	struct netdx_addr a6, a4;
	const char *why = NULL;

	if (!bind_text(fd, "/etc/hosts", "127.0.0.1 localhost\n::1 localhost ip6-localhost\n"))
		_exit(1);
	if (addr_resolve("localhost", AF_INET6, &a6, canon, sizeof(canon), &why) != NETDX_OK) {
		dprintf(fd, "ERR -6: %s", why);
		_exit(1);
	}
	if (addr_resolve("localhost", AF_INET, &a4, NULL, 0, &why) != NETDX_OK) {
		dprintf(fd, "ERR -4: %s", why);
		_exit(1);
	}
	dprintf(fd, "%s %s|%s", str(&a6, b6), canon, str(&a4, b4));
	_exit(0);
}

/* noname_in_child
 * In a forked child with its own mount namespace, let nsswitch.conf name the hosts
 * file alone (DNS, which fails here, would make every miss a lookup failure), resolve
 * a name it lacks and write "status why" to fd. */
static void noname_in_child(int fd)
{
	struct netdx_addr a;
	const char *why = "";

	if (!bind_text(fd, "/etc/nsswitch.conf", "hosts: files\n"))
		_exit(1);
	enum netdx_status st = addr_resolve("nosuch.invalid", AF_UNSPEC, &a, NULL, 0, &why);
	dprintf(fd, "%d %s", (int)st, why);
	_exit(0);
}

/* in_child
 * Run child(fd) forked in a mount namespace of its own; what it wrote to fd. */
static void in_child(void (*child)(int fd), char *out, size_t cap)
{
	int p[2], status;
	ssize_t n;
	pid_t pid;

	CU_ASSERT_FATAL(pipe(p) == 0);
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		alarm(20);
		if (unshare(CLONE_NEWNS) != 0 ||
		    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) {
			dprintf(p[1], "ERR mount namespace: %s", strerror(errno));
			_exit(1);
		}
		child(p[1]);
	}
	close(p[1]);
	n = read(p[0], out, cap - 1);
	out[n > 0 ? n : 0] = '\0';
	close(p[0]);
	CU_ASSERT_FATAL(waitpid(pid, &status, 0) == pid);
	CU_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void test_resolve_localhost_v6(void)
{
	char out[512];

	REQUIRE_LAB();
	in_child(resolve_v6_in_child, out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "::1 localhost|127.0.0.1");
}

static void test_resolve_literals(void)
{
	struct netdx_addr a;
	char canon[64], buf[ADDR_STRLEN];
	const char *why;

	REQUIRE_LAB();
	CU_ASSERT_EQUAL(addr_resolve("127.0.0.1", AF_UNSPEC, &a, canon, sizeof(canon), &why),
			NETDX_OK);
	CU_ASSERT_STRING_EQUAL(str(&a, buf), "127.0.0.1");
	CU_ASSERT_STRING_EQUAL(canon, "127.0.0.1");
	CU_ASSERT_EQUAL(addr_resolve("fe80::1%lo", AF_INET6, &a, NULL, 0, &why), NETDX_OK);
	CU_ASSERT_STRING_EQUAL(str(&a, buf), "fe80::1%lo");
	/* A literal of the other family fails with a reason and no lookup. */
	CU_ASSERT_EQUAL(addr_resolve("::1", AF_INET, &a, NULL, 0, &why), NETDX_E_INVALID);
	CU_ASSERT_STRING_EQUAL(why, "Address family for hostname not supported");
	CU_ASSERT_EQUAL(addr_family(&a), AF_UNSPEC);
	CU_ASSERT_EQUAL(addr_resolve("127.0.0.1", AF_INET6, &a, NULL, 0, &why), NETDX_E_INVALID);
	CU_ASSERT_STRING_EQUAL(why, "Address family for hostname not supported");
	/* Canonical name cut to the buffer. */
	CU_ASSERT_EQUAL(addr_resolve("127.0.0.1", AF_INET, &a, canon, 4, &why), NETDX_OK);
	CU_ASSERT_STRING_EQUAL(canon, "127");
}

static void test_resolve_empty(void)
{
	struct netdx_addr a;
	const char *why = NULL;

	/* No lookup happens for these, but keep the rule: lookups only in the lab. */
	REQUIRE_LAB();
	CU_ASSERT_EQUAL(addr_resolve("", AF_UNSPEC, &a, NULL, 0, &why), NETDX_E_INVALID);
	CU_ASSERT_PTR_NOT_NULL_FATAL(why);
	CU_ASSERT_STRING_EQUAL(why, "empty name");
	why = NULL;
	CU_ASSERT_EQUAL(addr_resolve(NULL, AF_INET, &a, NULL, 0, &why), NETDX_E_INVALID);
	CU_ASSERT_PTR_NOT_NULL_FATAL(why);
	CU_ASSERT_STRING_EQUAL(why, "empty name");
	why = NULL;
	CU_ASSERT_EQUAL(addr_resolve("localhost", AF_UNIX, &a, NULL, 0, &why), NETDX_E_INVALID);
	CU_ASSERT_PTR_NOT_NULL(why);
}

static void test_resolve_nosuch(void)
{
	struct timespec t0, t1;
	struct netdx_addr a;
	const char *why = NULL;
	char canon[64] = "untouched";
	double secs;

	REQUIRE_LAB();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* Nothing answers on 127.0.0.1:53: the lookup itself failed, which says nothing of
	 * the name. */
	CU_ASSERT_EQUAL(addr_resolve("nosuch.invalid", AF_UNSPEC, &a, canon, sizeof(canon), &why),
			NETDX_E_SYSTEM);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(why);
	CU_ASSERT(strlen(why) > 0);
	CU_ASSERT_EQUAL(addr_family(&a), AF_UNSPEC);
	CU_ASSERT_EQUAL(a.len, 0);
	/* Nothing listens on the namespace's 127.0.0.1:53: refused at once, no timeout. */
	secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	CU_ASSERT(secs < 5.0);
	why = NULL;
	CU_ASSERT_NOT_EQUAL(addr_resolve("999.1.1.1", AF_INET, &a, NULL, 0, &why), NETDX_OK);
	CU_ASSERT_PTR_NOT_NULL(why);
}

static void test_resolve_noname(void)
{
	char out[512], want[512];

	REQUIRE_LAB();
	in_child(noname_in_child, out, sizeof(out));
	snprintf(want, sizeof(want), "%d Name or service not known", (int)NETDX_E_NONAME);
	CU_ASSERT_STRING_EQUAL(out, want);
}

static void test_parse_listen(void)
{
	struct netdx_addr a;
	const char *why = NULL;
	char buf[ADDR_STRLEN];
	CU_ASSERT_EQUAL(addr_parse_listen("127.0.0.1:9374", &a, &why), NETDX_OK);
	CU_ASSERT_STRING_EQUAL(addr_to_str(&a, buf, sizeof(buf)), "127.0.0.1");
	CU_ASSERT_EQUAL(addr_port(&a), 9374);
	CU_ASSERT_EQUAL(addr_parse_listen("[::1]:80", &a, &why), NETDX_OK);
	CU_ASSERT_STRING_EQUAL(addr_to_str(&a, buf, sizeof(buf)), "::1");
	CU_ASSERT_EQUAL(addr_port(&a), 80);
	CU_ASSERT_EQUAL(addr_parse_listen(":9374", &a, &why), NETDX_OK);
	CU_ASSERT_STRING_EQUAL(addr_to_str(&a, buf, sizeof(buf)), "0.0.0.0");
	static const struct {
		const char *in, *why;
	} bad[] = {{"127.0.0.1", "want ADDR:PORT, [IPV6]:PORT or :PORT"},
		   {"127.0.0.1:0", "port not in 1-65535"},
		   {"127.0.0.1:65536", "port not in 1-65535"},
		   {"127.0.0.1:x", "port not in 1-65535"},
		   {"localhost:80", "not an IP address"},
		   {"::1:80", "not an IP address"},
		   {"[127.0.0.1]:80", "not an IPv6 address"}};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CU_ASSERT_EQUAL(addr_parse_listen(bad[i].in, &a, &why), NETDX_E_INVALID);
		CU_ASSERT_STRING_EQUAL(why, bad[i].why);
	}
}

/* test_resolve_all
 * Every address of a name (nslookup's servers): a literal as it is, zone kept; names
 * bounded by max, each address once; failures with a reason and none filled. */
static void test_resolve_all(void)
{
	struct netdx_addr v[4];
	size_t n = 9;
	const char *why = NULL;
	CU_ASSERT_EQUAL(addr_resolve_all("fe80::1%lo", v, 4, &n, &why), NETDX_OK);
	CU_ASSERT_EQUAL(n, 1);
	CU_ASSERT_NOT_EQUAL(((struct sockaddr_in6 *)&v[0].ss)->sin6_scope_id, 0);
	CU_ASSERT_EQUAL_FATAL(addr_resolve_all("localhost", v, 4, &n, &why), NETDX_OK);
	CU_ASSERT(n >= 1 && n <= 4);
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			CU_ASSERT_FALSE(addr_equal(&v[i], &v[j]));
	CU_ASSERT_EQUAL(addr_resolve_all("localhost", v, 1, &n, &why), NETDX_OK);
	CU_ASSERT_EQUAL(n, 1);
	why = NULL;
	CU_ASSERT_NOT_EQUAL(addr_resolve_all("nosuch.invalid", v, 4, &n, &why), NETDX_OK);
	CU_ASSERT_EQUAL(n, 0);
	CU_ASSERT_PTR_NOT_NULL(why);
}

static CU_TestInfo cases[] = {
	{"literal 127.0.0.1", test_literal_v4},
	{"listen addresses: ADDR:PORT, [IPV6]:PORT, :PORT; bad ones with reasons",
	 test_parse_listen},
	{"literal ::1", test_literal_v6},
	{"bad literals rejected (999.1.1.1, \"\", other family)", test_literal_rejected},
	{"IPv6 scope by name and index", test_literal_scope},
	{"addr_to_str round trips", test_to_str_round_trip},
	{"addr_equal ignores port; port, bytes helpers", test_equal_port_bytes},
	{"CIDR IPv4: fping -g host counts", test_cidr_v4},
	{"CIDR IPv6: every address, 128-bit offsets, saturation", test_cidr_v6},
	{"CIDR rejections with reasons", test_cidr_rejected},
	{"addr_is_cidr", test_is_cidr},
	{"resolve localhost -4", test_resolve_localhost_v4},
	{"resolve localhost -6", test_resolve_localhost_v6},
	{"resolve literals without lookup", test_resolve_literals},
	{"resolve empty name", test_resolve_empty},
	{"resolve nosuch.invalid fails with a reason", test_resolve_nosuch},
	{"a name without an address: NETDX_E_NONAME", test_resolve_noname},
	{"every address of a name, each once, at most max", test_resolve_all},
	CU_TEST_INFO_NULL,
};

UNIT_MAIN("addr", cases)
