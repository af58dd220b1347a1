/* fuzz_icmp.c — libFuzzer harness for icmp_parse(), icmp_parse_quote() and
 * icmp_build_echo(), and the quote checks run on what they parse (quote_check_note).
 *
 * Input: one selector byte, then the message. Selector bit 0 picks the family (0 IPv4,
 * 1 IPv6), bit 1 with_ip. Every output field is read, and every pointer the parser
 * returns is read over its whole length, so ASan flags a pointer or length that leaves
 * the input. Broken invariants (a failed parse that left *out dirty, a pointer outside
 * the input, too many labels) abort, which libFuzzer reports as a crash. Seeds:
 * tests/fuzz/corpus/icmp/ (written by gen_corpus_icmp.c from the unit-test fixtures;
 * lab-*: messages received in the lab, by capture_corpus.sh). */
#include "netdx/icmp.h"
#include "netdx/quote_check.h"

#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Where reads end up, so the compiler cannot drop them. */
static volatile unsigned sink;

/* touch
 * Read n bytes at p (ASan checks each one). */
static void touch(const void *p, size_t n)
{
	const uint8_t *b = p;
	unsigned s = 0;

	for (size_t i = 0; i < n; i++)
		s += b[i];
	sink += s;
}

/* require
 * Abort (a crash for libFuzzer) when an invariant does not hold. */
static void require(int ok)
{
	if (!ok)
		abort();
}

/* inside
 * Whether [p, p + n) lies within [base, base + len); an empty range may be NULL. */
static int inside(const uint8_t *p, size_t n, const uint8_t *base, size_t len)
{
	if (p == NULL)
		return n == 0;
	return p >= base && n <= len && (size_t)(p - base) <= len - n;
}

/* check_quote
 * Read every quote field and check the quote's invariants. */
static void check_quote(const struct icmp_quote *q, const uint8_t *base, size_t len)
{
	touch(q, sizeof(*q));
	touch(&q->src.ss, q->src.len <= sizeof(q->src.ss) ? q->src.len : 0);
	touch(&q->dst.ss, q->dst.len <= sizeof(q->dst.ss) ? q->dst.len : 0);
	require(inside(q->payload, q->payload_len, base, len));
	touch(q->payload, q->payload_len);
	require(q->present || (!q->has_l4 && q->payload_len == 0));
	require(q->has_l4 || (q->sport == 0 && q->dport == 0 && q->payload_len == 0));
	require(q->has_l4 || q->l4 == NULL);
	if (q->has_l4) {
		require(inside(q->l4, 8, base, len));
		require(q->payload == NULL || q->payload == q->l4 + 8);
	}
	/* the quote checks re-sum a segment they take for whole: it must be inside */
	uint16_t want;
	if (quote_check_expected_sum(q, NULL, &want))
		require(inside(q->l4, q->l4_len, base, len));
}

/* check_msg
 * Read every message field, the strings describing it, and check its invariants. */
static void check_msg(enum icmp_status st, const struct icmp_msg *m, const uint8_t *base,
		      size_t len)
{
	static const struct icmp_msg zero;
	char buf[16];

	touch(m, sizeof(*m));
	if (st != ICMP_OK) {
		require(memcmp(m, &zero, sizeof(*m)) == 0);
		return;
	}
	require(inside(m->data, m->data_len, base, len));
	touch(m->data, m->data_len);
	require(m->n_mpls <= ICMP_MAX_MPLS);
	require(m->has_extensions || m->n_mpls == 0);
	for (size_t i = 0; i < m->n_mpls; i++)
		require(m->mpls[i].label < (1u << 20) && m->mpls[i].tc < 8 && m->mpls[i].s < 2);
	check_quote(&m->quote, base, len);
	struct quote_seen seen = {0};
	quote_check_note(&seen, m);
	touch(&seen, sizeof(seen));
	touch(icmp_describe(m->family, m->type, m->code),
	      strlen(icmp_describe(m->family, m->type, m->code)));
	touch(icmp_unreach_annotation(m->family, m->code, buf, sizeof(buf)),
	      strlen(icmp_unreach_annotation(m->family, m->code, buf, sizeof(buf))));
}

/* check_build
 * An echo request built from the input parses back to the same id, seq and payload. */
static void check_build(const uint8_t *p, size_t len, int family)
{
	uint8_t buf[8 + 256];
	struct icmp_msg m;
	uint16_t id = len >= 2 ? (uint16_t)(p[0] << 8 | p[1]) : 0;
	uint16_t seq = (uint16_t)len;
	size_t n;

	if (len > 256)
		len = 256;
	n = icmp_build_echo(buf, sizeof(buf), family, id, seq, len ? p : NULL, len);
	require(n == 8 + len);
	if (family == AF_INET)
		require(icmp_checksum(buf, n) == 0);
	require(icmp_parse(buf, n, family, false, &m) == ICMP_OK);
	require(m.kind == ICMP_KIND_ECHO_REQUEST && m.id == id && m.seq == seq);
	require(m.data_len == len && (len == 0 || memcmp(m.data, p, len) == 0));
}

/* LLVMFuzzerTestOneInput
 * One input: parse it as the selector byte says, then as a bare quote. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct icmp_msg m;
	struct icmp_quote q;
	enum icmp_status st;
	const uint8_t *p;
	size_t len;
	int family;

	if (size < 1)
		return 0;
	family = data[0] & 1 ? AF_INET6 : AF_INET;
	p = data + 1;
	len = size - 1;

	st = icmp_parse(p, len, family, (data[0] & 2) != 0, &m);
	check_msg(st, &m, p, len);

	st = icmp_parse_quote(p, len, family, &q);
	if (st != ICMP_OK) {
		static const struct icmp_quote zero;

		require(memcmp(&q, &zero, sizeof(q)) == 0);
	} else {
		require(q.present);
	}
	check_quote(&q, p, len);

	sink += icmp_checksum(p, len);
	check_build(p, len, family);
	return 0;
}
