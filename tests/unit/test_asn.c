/* test_asn.c — the AS cache (common/path/asn.c) against a fake Cymru server on
 * 127.0.0.1:53 (each unit test binary runs in a throw-away namespace) on the same
 * loop: answers teach their prefix and an address inside one is known without a
 * query; the longest prefix wins; malformed answers and NXDOMAIN leave the AS
 * unknown without a retry; AS names are asked once per AS. */
#include "netdx/asn.h"
#include "netdx/dns_msg.h"
#include "netdx/wire.h"
#include "unit.h"

#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* What the fake answers for each name asked (NULL text: NXDOMAIN). */
static const struct {
	const char *qname;
	const char *txt;
} zone[] = {
	{"1.1.0.10.origin.asn.cymru.com.", "64501 | 10.0.1.0/24 | ZZ | lab | 2026-12-05"},
	{"2.1.0.10.origin.asn.cymru.com.", "64501 | 10.0.1.0/24 | ZZ | lab | 2026-12-05"},
	{"1.2.0.10.origin.asn.cymru.com.", "64502 | 10.0.0.0/16 | ZZ | lab | 2026-12-05"},
	{"1.5.0.10.origin.asn.cymru.com.", "64501 | 10.0.5.0/24 | ZZ | lab | 2026-12-05"},
	{"1.3.0.10.origin.asn.cymru.com.", "abc | x"},
	{"1.6.0.10.origin.asn.cymru.com.", "64506 | 192.0.2.0/24 | ZZ | lab | 2026-12-05"},
	{"AS64501.asn.cymru.com.", "64501 | ZZ | lab | 2026-12-05 | NETDX-ONE, ZZ"},
};

/* The fake and the run. */
static struct {
	struct loop *loop;
	int fd;
	unsigned queries; /* queries the fake answered */
	struct asn *asn;
} fk;

/* fake_txt
 * The zone's text for a name; NULL for NXDOMAIN. */
static const char *fake_txt(const char *qname)
{
	for (size_t i = 0; i < sizeof(zone) / sizeof(zone[0]); i++)
		if (strcmp(zone[i].qname, qname) == 0)
			return zone[i].txt;
	return NULL;
}

/* fake_on_udp
 * Answer one query: the question back, and the zone's TXT record or NXDOMAIN. */
static void fake_on_udp(void *arg, int fd, uint32_t events)
{
	uint8_t q[512], out[1024];
	struct sockaddr_storage from;
	socklen_t flen = sizeof(from);
	struct dns_msg *m = NULL;
	char qname[DNS_NAME_MAXTEXT];
	(void)arg, (void)events;
	ssize_t n = recvfrom(fd, q, sizeof(q), 0, (struct sockaddr *)&from, &flen);
	if (n <= 0 || dns_msg_parse(q, (size_t)n, &m) != DNS_OK || m->n_q != 1) {
		dns_msg_free(m);
		return;
	}
	dns_name_to_text(&m->q[0].name, qname, sizeof(qname), true);
	dns_msg_free(m);
	fk.queries++;
	const char *txt = fake_txt(qname);
	size_t len = (size_t)n, tlen = txt ? strlen(txt) : 0;
	memcpy(out, q, len);
	wire_put16(out + 2, (uint16_t)(0x8400 | (txt ? 0 : 3)));
	wire_put16(out + 6, txt ? 1 : 0);
	if (txt) {
		static const uint8_t rr[] = {0xc0, 12, 0, 16, 0, 1, 0, 0, 1, 44};
		memcpy(out + len, rr, sizeof(rr));
		wire_put16(out + len + sizeof(rr), (uint16_t)(tlen + 1));
		out[len + sizeof(rr) + 2] = (uint8_t)tlen;
		memcpy(out + len + sizeof(rr) + 3, txt, tlen);
		len += sizeof(rr) + 3 + tlen;
	}
	sendto(fd, out, len, 0, (struct sockaddr *)&from, flen);
}

/* on_ready
 * A lookup ended: stop once none runs. */
static void on_ready(void *arg)
{
	(void)arg;
	if (asn_pending(fk.asn) == 0)
		loop_stop(fk.loop);
}

static void on_guard(void *arg)
{
	(void)arg;
	CU_FAIL("lookups did not end within 10 s");
	loop_stop(fk.loop);
}

/* settle
 * Run the loop until no lookup runs (at most 10 s). */
static void settle(void)
{
	struct loop_timer guard = LOOP_TIMER_INIT;
	if (asn_pending(fk.asn) == 0)
		return;
	loop_timer_arm(fk.loop, &guard, loop_now_ns() + 10000000000ull, on_guard, NULL);
	loop_run(fk.loop);
	loop_timer_disarm(fk.loop, &guard);
}

/* start
 * The fake on 127.0.0.1:53 and a cache asking it. */
static void start(bool names)
{
	struct netdx_addr a;
	addr_parse_literal("127.0.0.1", AF_INET, &a);
	addr_set_port(&a, 53);
	memset(&fk, 0, sizeof(fk));
	fk.loop = loop_new();
	fk.fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	CU_ASSERT_FATAL(bind(fk.fd, (struct sockaddr *)&a.ss, a.len) == 0);
	loop_add_fd(fk.loop, fk.fd, LOOP_IN, fake_on_udp, NULL);
	addr_set_port(&a, 0);
	fk.asn = asn_new(fk.loop, &a, names, on_ready, NULL);
	CU_ASSERT_FATAL(fk.asn != NULL);
}

static void stop(void)
{
	asn_free(fk.asn);
	loop_del_fd(fk.loop, fk.fd);
	close(fk.fd);
	loop_free(fk.loop);
}

/* want
 * Ask for an address and wait for what comes. */
static const struct asn_info *want(const char *text)
{
	struct netdx_addr a;
	addr_parse_literal(text, AF_UNSPEC, &a);
	asn_want(fk.asn, &a);
	settle();
	CU_ASSERT(asn_done(fk.asn, &a));
	return asn_get(fk.asn, &a);
}

static void test_per_prefix(void)
{
	start(false);
	const struct asn_info *i = want("10.0.1.1");
	CU_ASSERT_FATAL(i != NULL);
	CU_ASSERT_EQUAL(i->origin.asn, 64501);
	CU_ASSERT_STRING_EQUAL(asn_field_text(i, ASN_F_AS), "64501");
	CU_ASSERT_STRING_EQUAL(asn_field_text(i, ASN_F_PREFIX), "10.0.1.0/24");
	CU_ASSERT_STRING_EQUAL(asn_field_text(i, ASN_F_COUNTRY), "ZZ");
	CU_ASSERT_STRING_EQUAL(asn_field_text(i, ASN_F_REGISTRY), "lab");
	CU_ASSERT_STRING_EQUAL(asn_field_text(i, ASN_F_ALLOCATED), "2026-12-05");
	CU_ASSERT_STRING_EQUAL(asn_field_text(i, ASN_F_NAME), "");
	CU_ASSERT_EQUAL(fk.queries, 1);
	/* another address of the prefix: known at once, no query */
	CU_ASSERT_PTR_EQUAL(want("10.0.1.2"), i);
	CU_ASSERT_EQUAL(fk.queries, 1);
	/* a /16: what it covers is known, but the longer /24 still wins inside it */
	i = want("10.0.2.1");
	CU_ASSERT_FATAL(i != NULL);
	CU_ASSERT_EQUAL(i->origin.asn, 64502);
	CU_ASSERT_EQUAL(want("10.0.9.9")->origin.asn, 64502);
	CU_ASSERT_EQUAL(want("10.0.1.77")->origin.asn, 64501);
	CU_ASSERT_EQUAL(fk.queries, 2);
	stop();
}

static void test_unknown(void)
{
	start(false);
	CU_ASSERT_PTR_NULL(want("10.1.3.1")); /* outside every prefix: asked, NXDOMAIN */
	CU_ASSERT_EQUAL(fk.queries, 1);
	CU_ASSERT_PTR_NULL(want("10.1.3.1")); /* not asked again */
	CU_ASSERT_EQUAL(fk.queries, 1);
	struct netdx_addr a;
	addr_parse_literal("10.0.3.1", AF_INET, &a);
	asn_want(fk.asn, &a);
	CU_ASSERT_FALSE(asn_done(fk.asn, &a)); /* running */
	CU_ASSERT_PTR_NULL(asn_get(fk.asn, &a));
	settle();
	CU_ASSERT_PTR_NULL(asn_get(fk.asn, &a)); /* malformed: unknown */
	CU_ASSERT_PTR_NULL(want("10.0.6.1"));    /* a prefix that does not hold it */
	CU_ASSERT_EQUAL(fk.queries, 3);
	addr_parse_literal("10.9.9.9", AF_INET, &a); /* never asked */
	CU_ASSERT(asn_done(fk.asn, &a));
	CU_ASSERT_PTR_NULL(asn_get(fk.asn, &a));
	stop();
}

static void test_names(void)
{
	start(true);
	const struct asn_info *i = want("10.0.1.1");
	CU_ASSERT_FATAL(i != NULL);
	CU_ASSERT_STRING_EQUAL(asn_field_text(i, ASN_F_NAME), "NETDX-ONE, ZZ");
	CU_ASSERT_EQUAL(fk.queries, 2);
	/* another prefix of the same AS takes the name without asking again */
	i = want("10.0.5.1");
	CU_ASSERT_FATAL(i != NULL);
	CU_ASSERT_STRING_EQUAL(asn_field_text(i, ASN_F_NAME), "NETDX-ONE, ZZ");
	CU_ASSERT_EQUAL(fk.queries, 3);
	/* an AS without a name: the field stays empty */
	i = want("10.0.2.1");
	CU_ASSERT_FATAL(i != NULL);
	CU_ASSERT_STRING_EQUAL(asn_field_text(i, ASN_F_NAME), "");
	CU_ASSERT_EQUAL(fk.queries, 5);
	stop();
}

static CU_TestInfo cases[] = {
	{"answers are cached per prefix", test_per_prefix},
	{"malformed and missing answers: unknown, not retried", test_unknown},
	{"AS names, once per AS", test_names},
	CU_TEST_INFO_NULL,
};

UNIT_MAIN("asn", cases)
