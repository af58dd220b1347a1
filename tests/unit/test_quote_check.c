/* test_quote_check.c — the quote checks (netdx/quote_check.h): what one ICMP error's
 * quote shows against what was sent (source, transport checksum, TOS), what cannot be
 * checked left alone, and the first hop of a path that shows a change, with its
 * marker. The quotes are built here byte by byte, their checksums summed by this
 * file's own RFC 1071 sum. */
#include "netdx/quote_check.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

#include "netdx/hops.h"
#include "unit.h"

#define OURS "10.0.1.2"
#define NATTED "10.0.2.2"

/* The knobs of one IPv4 time exceeded quoting a UDP or TCP probe. */
struct te4 {
	uint8_t proto;       /* IPPROTO_UDP or IPPROTO_TCP */
	uint8_t tos;         /* quoted TOS */
	const char *qsrc;    /* quoted source */
	const char *to;      /* the error's destination */
	uint16_t sum_delta;  /* added to the right checksum (a NAT's fix left in place) */
	bool zero_sum;       /* UDP without a checksum */
	size_t cut;          /* quote only this many transport bytes (0: all) */
	const char *sum_src; /* the source the checksum is summed over (NULL: OURS) */
};

/* rfc1071
 * The one's-complement sum of len bytes added to sum, folded. */
static uint16_t rfc1071(uint32_t sum, const uint8_t *p, size_t len)
{
	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

/* build_te4
 * The error (outer IPv4 header, ICMP, quoted IPv4 header, 28 transport bytes) into
 * buf; its length. The transport checksum is right for sum_src (OURS), then sum_delta
 * is added. */
static size_t build_te4(uint8_t *buf, const struct te4 *t)
{
	size_t l4 = 28, tot = 20 + 8 + 20 + (t->cut ? t->cut : l4);
	memset(buf, 0, 128);
	uint8_t *ip = buf, *q = buf + 28, *seg = q + 20;
	ip[0] = 0x45, ip[3] = (uint8_t)tot, ip[8] = 64, ip[9] = IPPROTO_ICMP;
	inet_pton(AF_INET, "10.0.2.1", ip + 12);
	inet_pton(AF_INET, t->to, ip + 16);
	buf[20] = 11; /* time exceeded */
	q[0] = 0x45, q[1] = t->tos, q[3] = (uint8_t)(20 + l4), q[8] = 1, q[9] = t->proto;
	inet_pton(AF_INET, t->qsrc, q + 12);
	inet_pton(AF_INET, "10.0.4.1", q + 16);
	seg[0] = 0x9c, seg[1] = 0x40, seg[2] = 0x82, seg[3] = 0x9a;
	for (size_t i = 8; i < l4; i++)
		seg[i] = (uint8_t)(0x10 + i);
	size_t at = t->proto == IPPROTO_UDP ? 6 : 16;
	if (t->proto == IPPROTO_UDP)
		seg[5] = (uint8_t)l4;
	else
		seg[12] = 0x50; /* data offset 5: 20 bytes of header, 8 of payload */
	seg[at] = seg[at + 1] = 0;
	uint8_t pseudo[12] = {0};
	inet_pton(AF_INET, t->sum_src ? t->sum_src : OURS, pseudo);
	memcpy(pseudo + 4, q + 16, 4);
	pseudo[9] = t->proto, pseudo[11] = (uint8_t)l4;
	uint16_t sum = (uint16_t)~rfc1071(rfc1071(0, pseudo, 12), seg, l4);
	sum = (uint16_t)(sum + t->sum_delta);
	if (t->zero_sum)
		sum = 0;
	seg[at] = (uint8_t)(sum >> 8), seg[at + 1] = (uint8_t)sum;
	return tot;
}

/* seen_of
 * What one such error, parsed, shows. */
static struct quote_seen seen_of(const struct te4 *t, struct icmp_msg *m)
{
	uint8_t buf[128];
	struct quote_seen s = {0};
	CU_ASSERT_FATAL(icmp_parse(buf, build_te4(buf, t), AF_INET, true, m) == ICMP_OK);
	quote_check_note(&s, m);
	return s;
}

static void test_unchanged_quote(void)
{
	struct icmp_msg m;
	struct te4 t = {.proto = IPPROTO_UDP, .tos = 0xb8, .qsrc = OURS, .to = OURS};
	struct quote_seen s = seen_of(&t, &m);
	CU_ASSERT_EQUAL(s.sums, 1);
	CU_ASSERT_EQUAL(s.sums_changed, 0);
	CU_ASSERT_EQUAL(s.addrs, 1);
	CU_ASSERT_EQUAL(s.addrs_changed, 0);
	CU_ASSERT_EQUAL(s.toses, 1);
	CU_ASSERT_EQUAL(s.tos, 0xb8);
	t.proto = IPPROTO_TCP;
	s = seen_of(&t, &m);
	CU_ASSERT_EQUAL(s.sums, 1);
	CU_ASSERT_EQUAL(s.sums_changed, 0);
}

static void test_checksum_left_by_a_nat(void)
{
	/* addresses translated back, the checksum not: what the NAT did shows in it */
	struct icmp_msg m;
	struct te4 t = {.proto = IPPROTO_UDP, .qsrc = OURS, .to = OURS, .sum_delta = 0x200};
	struct quote_seen s = seen_of(&t, &m);
	CU_ASSERT_EQUAL(s.sums_changed, 1);
	CU_ASSERT_EQUAL(s.addrs_changed, 0);
	CU_ASSERT_EQUAL((uint16_t)(s.sum_quoted - s.sum_sent), 0x200);
	t.proto = IPPROTO_TCP;
	s = seen_of(&t, &m);
	CU_ASSERT_EQUAL(s.sums_changed, 1);
}

static void test_source_left_by_a_nat(void)
{
	/* nothing translated back: the quote names the NAT's address, its checksum is
	 * right for that address, but not for ours (where the error came to) */
	struct icmp_msg m;
	struct te4 t = {.proto = IPPROTO_UDP, .qsrc = NATTED, .to = OURS};
	struct quote_seen s = seen_of(&t, &m);
	CU_ASSERT_EQUAL(s.addrs_changed, 1);
	char a[ADDR_STRLEN], b[ADDR_STRLEN];
	CU_ASSERT_STRING_EQUAL(addr_to_str(&s.src_seen, a, sizeof(a)), NATTED);
	CU_ASSERT_STRING_EQUAL(addr_to_str(&s.src_ours, b, sizeof(b)), OURS);
	/* the checksum, right for OURS, is not right for NATTED... but summed over ours */
	CU_ASSERT_EQUAL(s.sums_changed, 0);
}

static void test_what_cannot_be_checked(void)
{
	struct icmp_msg m;
	/* UDP without a checksum (IPv4's zero) */
	struct te4 t = {.proto = IPPROTO_UDP, .qsrc = OURS, .to = OURS, .zero_sum = true};
	struct quote_seen s = seen_of(&t, &m);
	CU_ASSERT_EQUAL(s.sums, 0);
	CU_ASSERT_EQUAL(s.toses, 1);
	/* a quote of 8 transport bytes: the segment cannot be summed */
	struct te4 cut = {.proto = IPPROTO_UDP, .qsrc = OURS, .to = OURS, .sum_delta = 1, .cut = 8};
	s = seen_of(&cut, &m);
	CU_ASSERT_EQUAL(s.sums, 0);
	CU_ASSERT_EQUAL(s.addrs, 1);
	/* a quote rebuilt from an error queue: no router's source, TOS or checksum */
	struct te4 nat = {.proto = IPPROTO_UDP, .qsrc = NATTED, .to = OURS, .sum_delta = 1};
	uint8_t buf[128];
	CU_ASSERT_FATAL(icmp_parse(buf, build_te4(buf, &nat), AF_INET, true, &m) == ICMP_OK);
	m.quote.ip_rebuilt = m.quote.l4_rebuilt = true;
	memset(&s, 0, sizeof(s));
	quote_check_note(&s, &m);
	CU_ASSERT_EQUAL(s.sums + s.addrs + s.toses, 0);
	/* no quote at all */
	quote_check_note(&s, NULL);
	CU_ASSERT_EQUAL(s.sums + s.addrs + s.toses, 0);
}

/* answer
 * Fold an answer at ttl whose quote is t's into h. */
static void answer(struct hops *h, int ttl, const struct te4 *t)
{
	uint8_t buf[128];
	struct icmp_msg m;
	CU_ASSERT_FATAL(icmp_parse(buf, build_te4(buf, t), AF_INET, true, &m) == ICMP_OK);
	hops_sent(h, ttl);
	hops_answer(h, ttl, (uint64_t)ttl, &m.ip_src, 1.0, &m, false, false);
}

static void test_first_hop_marked(void)
{
	struct hops h;
	CU_ASSERT_FATAL(hops_init(&h, 1, 30));
	struct te4 clean = {.proto = IPPROTO_UDP, .tos = 0xb8, .qsrc = OURS, .to = OURS};
	struct te4 nat = clean;
	nat.sum_delta = 0x200;
	answer(&h, 1, &clean);
	answer(&h, 2, &clean);
	answer(&h, 3, &nat); /* translated between hops 2 and 3 */
	nat.tos = 0x20;      /* ...and re-marked between 3 and 4 */
	answer(&h, 4, &nat);
	answer(&h, 5, &nat);
	struct quote_path p;
	quote_check_path(&h, 5, 0xb8, &p);
	CU_ASSERT_EQUAL(p.nat_ttl, 3);
	CU_ASSERT_EQUAL(p.tos_ttl, 4);
	CU_ASSERT_EQUAL(p.tos_quoted, 0x20);
	char mark[64];
	quote_check_marker(&p, 3, mark, sizeof(mark));
	CU_ASSERT_STRING_EQUAL(mark, " [NAT]");
	quote_check_marker(&p, 4, mark, sizeof(mark));
	CU_ASSERT_STRING_EQUAL(mark, " [TOS 0xb8 -> 0x20]");
	quote_check_marker(&p, 5, mark, sizeof(mark));
	CU_ASSERT_STRING_EQUAL(mark, "");
	/* rows that end before the change show none */
	quote_check_path(&h, 2, 0xb8, &p);
	CU_ASSERT_EQUAL(p.nat_ttl + p.tos_ttl, 0);
	/* both at one hop; a buffer too small stays a string */
	hops_reset(&h);
	answer(&h, 1, &clean);
	answer(&h, 2, &nat);
	quote_check_path(&h, 2, 0xb8, &p);
	quote_check_marker(&p, 2, mark, sizeof(mark));
	CU_ASSERT_STRING_EQUAL(mark, " [NAT] [TOS 0xb8 -> 0x20]");
	quote_check_marker(&p, 2, mark, 5);
	CU_ASSERT_STRING_EQUAL(mark, " [NA");
	hops_free(&h);
}

static void test_source_against_the_first_hop(void)
{
	/* IPv6 raw sockets give no outer header: the first quoting hop's source is what we
	 * sent; a later hop naming another is behind a translator */
	struct hops h;
	CU_ASSERT_FATAL(hops_init(&h, 1, 30));
	struct te4 clean = {.proto = IPPROTO_UDP, .qsrc = OURS, .to = OURS};
	struct te4 moved = {.proto = IPPROTO_UDP, .qsrc = NATTED, .to = NATTED, .sum_src = NATTED};
	answer(&h, 1, &clean);
	answer(&h, 2, &moved); /* consistent in itself: only the first hop tells */
	CU_ASSERT_EQUAL(hops_at(&h, 2)->quote.addrs_changed + hops_at(&h, 2)->quote.sums_changed,
			0);
	struct quote_path p;
	quote_check_path(&h, 2, 0, &p);
	CU_ASSERT_EQUAL(p.nat_ttl, 2);
	char a[ADDR_STRLEN];
	CU_ASSERT_STRING_EQUAL(addr_to_str(&p.src_first, a, sizeof(a)), OURS);
	hops_free(&h);
}

/* build_te6
 * An ICMPv6 time exceeded (no outer header, as raw ICMPv6 sockets give it) quoting a
 * UDP probe from qsrc with 12 payload bytes and traffic class tc, its checksum right
 * for fd00:0:0:1::2 plus delta; its length. */
static size_t build_te6(uint8_t *buf, const char *qsrc, uint8_t tc, uint16_t delta)
{
	size_t l4 = 20;
	memset(buf, 0, 128);
	uint8_t *q = buf + 8, *seg = q + 40;
	buf[0] = 3; /* time exceeded */
	q[0] = (uint8_t)(0x60 | tc >> 4), q[1] = (uint8_t)(tc << 4);
	q[5] = (uint8_t)l4, q[6] = IPPROTO_UDP, q[7] = 1;
	inet_pton(AF_INET6, qsrc, q + 8);
	inet_pton(AF_INET6, "fd00:0:0:4::1", q + 24);
	seg[0] = 0x9c, seg[1] = 0x40, seg[2] = 0x82, seg[3] = 0x9a, seg[5] = (uint8_t)l4;
	for (size_t i = 8; i < l4; i++)
		seg[i] = (uint8_t)(0x30 + i);
	uint8_t pseudo[40] = {0};
	inet_pton(AF_INET6, "fd00:0:0:1::2", pseudo);
	memcpy(pseudo + 16, q + 24, 16);
	pseudo[35] = (uint8_t)l4, pseudo[39] = IPPROTO_UDP;
	uint16_t sum = (uint16_t)(~rfc1071(rfc1071(0, pseudo, 40), seg, l4) + delta);
	seg[6] = (uint8_t)(sum >> 8), seg[7] = (uint8_t)sum;
	return 8 + 40 + l4;
}

static void test_ipv6_quotes(void)
{
	uint8_t buf[128];
	struct icmp_msg m;
	struct quote_seen s = {0};
	size_t n = build_te6(buf, "fd00:0:0:1::2", 0xb8, 0);
	CU_ASSERT_FATAL(icmp_parse(buf, n, AF_INET6, false, &m) == ICMP_OK);
	quote_check_note(&s, &m);
	CU_ASSERT_EQUAL(s.sums, 1);
	CU_ASSERT_EQUAL(s.sums_changed, 0);
	CU_ASSERT_EQUAL(s.addrs, 0); /* no outer header: nothing to compare the source with */
	CU_ASSERT_EQUAL(s.toses, 1);
	CU_ASSERT_EQUAL(s.tos, 0xb8);
	n = build_te6(buf, "fd00:0:0:1::2", 0xb8, 0x100);
	CU_ASSERT_FATAL(icmp_parse(buf, n, AF_INET6, false, &m) == ICMP_OK);
	quote_check_note(&s, &m);
	CU_ASSERT_EQUAL(s.sums_changed, 1);
	CU_ASSERT_EQUAL((uint16_t)(s.sum_quoted - s.sum_sent), 0x100);
}

static CU_TestInfo cases[] = {
	{"an unchanged quote: checked, nothing changed", test_unchanged_quote},
	{"a checksum a NAT left changed (UDP, TCP)", test_checksum_left_by_a_nat},
	{"a source a NAT left changed", test_source_left_by_a_nat},
	{"what cannot be checked is not", test_what_cannot_be_checked},
	{"the first hop showing a change is marked", test_first_hop_marked},
	{"a source against the first quoting hop's", test_source_against_the_first_hop},
	{"IPv6: checksum over the pseudo header, traffic class", test_ipv6_quotes},
	CU_TEST_INFO_NULL,
};

UNIT_MAIN("quote_check", cases)
