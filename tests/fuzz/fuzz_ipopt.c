/* fuzz_ipopt.c — libFuzzer harness for ipopt_parse() and the option builders.
 *
 * Input: an IPv4 header's option bytes, as a reply brings them (any length: the parser
 * reads 40 at most). Every parsed field is read; the invariants (slot counts within the
 * arrays, whole slots within the option's length, the options' lengths adding up within
 * the input, a malformed walk reporting false) abort when broken, which libFuzzer
 * reports as a crash. The first 16 bytes also feed the builders, whose output must
 * parse back. Seeds: tests/fuzz/corpus/ipopt/ (a lab reply's record route and
 * timestamps). */
#include "netdx/ipopt.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Where reads end up, so the compiler cannot drop them. */
static volatile unsigned sink;

/* require
 * Abort (a crash for libFuzzer) when an invariant does not hold. */
static void require(int ok)
{
	if (!ok)
		abort();
}

/* check_option
 * One parsed option: its counts fit its arrays and its own length. */
static size_t check_option(const struct ipopt *o)
{
	require(o->n <= IPOPT_MAX_SLOTS);
	if (o->kind == IPOPT_KIND_NOP) {
		require(o->len == 1 && o->n == 0);
		return 1;
	}
	require(o->len >= 2);
	if (o->kind == IPOPT_KIND_TS)
		require(!o->n || 4u + (size_t)o->n * (o->ts_addr ? 8 : 4) <= o->len);
	else
		require(!o->n || 3u + (size_t)o->n * 4 <= o->len);
	for (size_t i = 0; i < o->n; i++)
		sink += o->addr[i] + o->ts[i].addr + o->ts[i].time;
	return o->len;
}

/* check_build
 * The builders' options parse back to what was asked for. */
static void check_build(const uint8_t *p, size_t len)
{
	uint8_t b[IPOPT_SPACE];
	uint32_t pre[IPOPT_MAX_PRESPEC] = {0};
	struct ipopt_list l;
	size_t n = len ? p[0] % (IPOPT_MAX_PRESPEC + 1) : 0;
	for (size_t i = 0; i < n && 1 + 4 * (i + 1) <= len; i++)
		memcpy(&pre[i], p + 1 + 4 * i, 4);
	require(ipopt_build_rr(b, sizeof(b)) == IPOPT_SPACE);
	require(ipopt_parse(b, sizeof(b), &l) && l.n == 2 && l.v[1].kind == IPOPT_KIND_RR);
	size_t w = ipopt_build_ts(b, sizeof(b), IPOPT_TS_PRESPEC, pre, n);
	require(n ? w == IPOPT_SPACE : w == 0);
	if (w)
		require(ipopt_parse(b, sizeof(b), &l) && l.n == 1 && l.v[0].ts_flag == 3);
}

/* LLVMFuzzerTestOneInput
 * One input: parse it, check what came out, build from its start. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ipopt_list l;
	bool clean = ipopt_parse(data, size, &l);
	size_t room = size < IPOPT_SPACE ? size : IPOPT_SPACE;
	size_t used = 0;
	require(l.n <= IPOPT_SPACE);
	for (size_t i = 0; i < l.n; i++)
		used += check_option(&l.v[i]);
	require(used <= room);
	/* A walk that stopped early left bytes it could not read as an option. */
	require(clean || used < room);
	check_build(data, size);
	return 0;
}
