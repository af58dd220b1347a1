/* test_route.c — route_lookup() against routes this program sets up in its own namespace.
 *
 * Run it as `tests/netns_run.sh build/tests/test_route`. Before the first case it checks
 * that it is NOT in the machine's own network namespace (every case fails otherwise) and
 * then builds, with ip(8):
 *
 *   d0 (mtu 1400) <-veth-> d1      10.9.0.2/24, 2001:db8:9::2/64 on d0
 *   10.9.9.0/24  via 10.9.0.1            2001:db8:99::/64 via 2001:db8:9::1
 *   10.9.8.0/24  via 10.9.0.1 mtu 1300   2001:db8:98::/64 via 2001:db8:9::1 mtu 1300
 *   unreachable 10.9.7.0/24              unreachable 2001:db8:97::/64
 *                                        2001:db8:96::/64 via fe80::1 dev d0
 *
 * and no default route. A veth pair stands in for a dummy link: the dummy module is not
 * available on every test machine, veth is. Route lookups are netlink queries only. */
#include "netdx/route.h"

#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "private_netns.h"
#include "unit.h"

/* Commands that build the namespace described above, in order. */
static const char *const lab_cmds[] = {
	"ip link add d0 mtu 1400 type veth peer name d1",
	"ip addr add 10.9.0.2/24 dev d0",
	"ip -6 addr add 2001:db8:9::2/64 dev d0 nodad",
	"ip link set d1 up",
	"ip link set d0 up",
	"ip route add 10.9.9.0/24 via 10.9.0.1 dev d0",
	"ip route add 10.9.8.0/24 via 10.9.0.1 dev d0 mtu 1300",
	"ip route add unreachable 10.9.7.0/24",
	"ip -6 route add 2001:db8:99::/64 via 2001:db8:9::1 dev d0",
	"ip -6 route add 2001:db8:98::/64 via 2001:db8:9::1 dev d0 mtu 1300",
	"ip -6 route add unreachable 2001:db8:97::/64",
	"ip -6 route add 2001:db8:96::/64 via fe80::1 dev d0",
};

/* lab_ready
 * Build the namespace once (first call); every case asserts it. Never touches the root one. */
static bool lab_ready(void)
{
	static int state; /* 0 not tried, 1 ready, -1 refused or failed */

	if (!state)
		state = unit_netns_setup("test_route", lab_cmds,
					 sizeof(lab_cmds) / sizeof(lab_cmds[0]))
				? 1
				: -1;
	return state > 0;
}

/* parse
 * A literal the test wrote itself; aborts the case if it does not parse. */
static struct netdx_addr parse(const char *s)
{
	struct netdx_addr a = {0};

	if (!addr_parse_literal(s, AF_UNSPEC, &a))
		fprintf(stderr, "test_route: bad literal in test: %s\n", s);
	return a;
}

/* show
 * One line describing what route_lookup returned, printed when a case fails. */
static void show(const char *dst, const struct route_info *r)
{
	char src[ADDR_STRLEN], gw[ADDR_STRLEN];

	fprintf(stderr, "\n  route to %s: dev %s (%d) src %s via %s mtu %u%s\n", dst, r->ifname,
		r->ifindex, r->src.len ? addr_to_str(&r->src, src, sizeof(src)) : "-",
		r->has_gateway ? addr_to_str(&r->gateway, gw, sizeof(gw)) : "-", r->mtu,
		r->local ? " local" : "");
}

/* expect_route
 * Look dst up and compare every field; gw NULL means on-link. */
static void expect_route(const char *dst, const char *ifname, const char *src, const char *gw,
			 unsigned mtu, bool local)
{
	struct netdx_addr d = parse(dst), want_src = parse(src), want_gw = {0};
	struct route_info r;
	const char *why = "unset";
	bool ok;

	CU_ASSERT_FATAL(lab_ready());
	if (gw)
		want_gw = parse(gw);
	ok = route_lookup(&d, &r, &why) == NETDX_OK;
	if (!ok)
		fprintf(stderr, "\n  route to %s: %s\n", dst, why ? why : "(why is NULL)");
	CU_ASSERT_FATAL(ok);
	bool good = strcmp(r.ifname, ifname) == 0 && r.ifindex == (int)if_nametoindex(ifname) &&
		    addr_equal(&r.src, &want_src) && r.has_gateway == (gw != NULL) &&
		    (!gw || addr_equal(&r.gateway, &want_gw)) && r.mtu == mtu && r.local == local;
	if (!good)
		show(dst, &r);
	CU_ASSERT_STRING_EQUAL(r.ifname, ifname);
	CU_ASSERT_EQUAL(r.ifindex, (int)if_nametoindex(ifname));
	CU_ASSERT(addr_equal(&r.src, &want_src));
	CU_ASSERT_EQUAL(r.has_gateway, gw != NULL);
	/* CU_ASSERT is a braced block: it needs braces of its own around if/else. */
	if (gw) {
		CU_ASSERT(addr_equal(&r.gateway, &want_gw));
	} else {
		CU_ASSERT_EQUAL(r.gateway.len, 0);
	}
	CU_ASSERT_EQUAL(r.mtu, mtu);
	CU_ASSERT_EQUAL(r.local, local);
}

/* expect_failure
 * Look dst up and expect false with exactly this reason. */
static void expect_failure(const char *dst, const char *reason)
{
	struct netdx_addr d = parse(dst);
	struct route_info r;
	const char *why = NULL;

	CU_ASSERT_FATAL(lab_ready());
	enum netdx_status st = route_lookup(&d, &r, &why);
	bool ok = st == NETDX_OK;
	if (ok)
		show(dst, &r);
	else if (!why || strcmp(why, reason) != 0)
		fprintf(stderr, "\n  route to %s: why \"%s\", expected \"%s\"\n", dst,
			why ? why : "(NULL)", reason);
	CU_ASSERT_EQUAL(st, NETDX_E_SYSTEM);
	CU_ASSERT_PTR_NOT_NULL_FATAL(why);
	CU_ASSERT_STRING_EQUAL(why, reason);
	CU_ASSERT_EQUAL(r.ifindex, 0);
	CU_ASSERT_EQUAL(r.src.len, 0);
}

static void test_private_netns(void)
{
	CU_ASSERT(lab_ready()); /* says why when it refuses */
	CU_ASSERT(unit_in_private_netns());
}

static void test_v4_loopback(void)
{
	expect_route("127.0.0.1", "lo", "127.0.0.1", NULL, 65536, true);
}

static void test_v6_loopback(void)
{
	expect_route("::1", "lo", "::1", NULL, 65536, true);
}

static void test_v4_onlink(void)
{
	expect_route("10.9.0.5", "d0", "10.9.0.2", NULL, 1400, false);
}

static void test_v4_gateway(void)
{
	expect_route("10.9.9.5", "d0", "10.9.0.2", "10.9.0.1", 1400, false);
}

static void test_v4_route_mtu(void)
{
	expect_route("10.9.8.5", "d0", "10.9.0.2", "10.9.0.1", 1300, false);
}

static void test_v4_own_address(void)
{
	expect_route("10.9.0.2", "lo", "10.9.0.2", NULL, 65536, true);
}

static void test_v4_no_route(void)
{
	expect_failure("10.200.0.1", "Network is unreachable");
}

static void test_v4_unreachable_route(void)
{
	expect_failure("10.9.7.1", "No route to host");
}

static void test_v6_onlink(void)
{
	expect_route("2001:db8:9::5", "d0", "2001:db8:9::2", NULL, 1400, false);
}

static void test_v6_gateway(void)
{
	expect_route("2001:db8:99::5", "d0", "2001:db8:9::2", "2001:db8:9::1", 1400, false);
}

static void test_v6_route_mtu(void)
{
	expect_route("2001:db8:98::5", "d0", "2001:db8:9::2", "2001:db8:9::1", 1300, false);
}

static void test_v6_own_address(void)
{
	expect_route("2001:db8:9::2", "lo", "2001:db8:9::2", NULL, 65536, true);
}

static void test_v6_no_route(void)
{
	expect_failure("2001:db8:200::1", "Network is unreachable");
}

static void test_v6_unreachable_route(void)
{
	expect_failure("2001:db8:97::1", "No route to host");
}

/* A link-local gateway is only meaningful with its interface: it comes back scoped. */
static void test_v6_link_local_gateway(void)
{
	struct netdx_addr d = parse("2001:db8:96::5"), want = parse("fe80::1");
	struct route_info r;
	const char *why = NULL;

	expect_route("2001:db8:96::5", "d0", "2001:db8:9::2", "fe80::1", 1400, false);
	CU_ASSERT_FATAL(route_lookup(&d, &r, &why) == NETDX_OK);
	CU_ASSERT(addr_equal(&r.gateway, &want));
	CU_ASSERT_EQUAL(((struct sockaddr_in6 *)&r.gateway.ss)->sin6_scope_id,
			if_nametoindex("d0"));
}

static void test_empty_address(void)
{
	struct netdx_addr none = {0};
	struct route_info r;
	const char *why = NULL;

	CU_ASSERT_EQUAL(route_lookup(&none, &r, &why), NETDX_E_INVALID);
	CU_ASSERT_PTR_NOT_NULL(why);
	CU_ASSERT_EQUAL(r.ifindex, 0);
}

/* count_fds
 * Open descriptors of this process (the netlink socket must be closed after each call). */
static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	if (!d)
		return -1;
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

static void test_no_fd_leak(void)
{
	struct netdx_addr ok = parse("10.9.9.5"), bad = parse("10.200.0.1");
	struct route_info r;
	const char *why;
	int before = count_fds();

	CU_ASSERT_FATAL(lab_ready());
	for (int i = 0; i < 200; i++) {
		CU_ASSERT_EQUAL(route_lookup(&ok, &r, &why), NETDX_OK);
		CU_ASSERT_EQUAL(route_lookup(&bad, &r, &why), NETDX_E_SYSTEM);
	}
	CU_ASSERT_EQUAL(count_fds(), before);
}

static CU_TestInfo cases[] = {
	{"runs in a private network namespace", test_private_netns},
	{"127.0.0.1 is local on lo", test_v4_loopback},
	{"::1 is local on lo", test_v6_loopback},
	{"on-link IPv4: d0, no gateway, src, link MTU", test_v4_onlink},
	{"IPv4 via gateway", test_v4_gateway},
	{"IPv4 route MTU beats link MTU", test_v4_route_mtu},
	{"own IPv4 address is local on lo", test_v4_own_address},
	{"IPv4 without a route: Network is unreachable", test_v4_no_route},
	{"IPv4 unreachable route: No route to host", test_v4_unreachable_route},
	{"on-link IPv6: d0, no gateway, src, link MTU", test_v6_onlink},
	{"IPv6 via gateway", test_v6_gateway},
	{"IPv6 route MTU beats link MTU", test_v6_route_mtu},
	{"own IPv6 address is local on lo", test_v6_own_address},
	{"IPv6 without a route: Network is unreachable", test_v6_no_route},
	{"IPv6 unreachable route: No route to host", test_v6_unreachable_route},
	{"IPv6 link-local gateway carries the interface scope", test_v6_link_local_gateway},
	{"an empty address is refused", test_empty_address},
	{"400 lookups leave no descriptor behind", test_no_fd_leak},
	CU_TEST_INFO_NULL,
};

UNIT_MAIN("route", cases)
