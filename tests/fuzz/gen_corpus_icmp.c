/* gen_corpus_icmp.c — write the fuzz_icmp seed corpus from the unit-test fixtures.
 *
 * Each seed is fuzz_icmp's input format: one selector byte (bit 0: IPv6, bit 1: with
 * the IP header) and then a fixture from tests/unit/icmp_fixtures.h, plus a few
 * patched variants that reach the error paths (bad extension checksum, RFC 4884 length
 * past the end, zero-length extension object). Rebuild the corpus with:
 *
 *   cc -std=c11 -Itests/unit -o /tmp/gen_corpus_icmp tests/fuzz/gen_corpus_icmp.c
 *   /tmp/gen_corpus_icmp tests/fuzz/corpus/icmp
 *
 * It only writes files; it is not part of the build. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icmp_fixtures.h"

#define SEL_V6 1
#define SEL_IP 2

/* One seed: a fixture, the selector to read it with, and an optional one-byte patch. */
struct seed {
	const char *name;
	const uint8_t *p;
	size_t len;
	unsigned sel;
	long patch_at; /* -1: none */
	uint8_t patch_val;
};

#define SEED(n, sel)                                                                               \
	{                                                                                          \
#n, n, sizeof(n), sel, -1, 0                                                       \
	}
#define PATCHED(name, n, sel, at, val)                                                             \
	{                                                                                          \
		name, n, sizeof(n), sel, at, val                                                   \
	}

static const struct seed seeds[] = {
	SEED(v4_echo_reply_ip, SEL_IP),
	SEED(v4_echo_reply, 0),
	SEED(v4_te_udp_ip, SEL_IP),
	SEED(v4_te_icmp, 0),
	SEED(v4_te_tcp_opts, 0),
	SEED(v4_unreach_port, 0),
	SEED(v4_frag_needed, 0),
	SEED(v4_param_problem, 0),
	SEED(v6_echo_reply, SEL_V6),
	SEED(v6_te_udp, SEL_V6),
	SEED(v6_te_icmp6, SEL_V6),
	SEED(v6_ptb, SEL_V6),
	SEED(v6_te_hbh, SEL_V6),
	SEED(v6_te_chain, SEL_V6),
	SEED(v6_param_problem, SEL_V6),
	SEED(v6_te_udp_ip, SEL_V6 | SEL_IP),
	SEED(v4_te_mpls, 0),
	SEED(v4_te_mpls_legacy, 0),
	SEED(v6_te_mpls, SEL_V6),
	PATCHED("v4_te_mpls_bad_cksum", v4_te_mpls, 0, FIX_MPLS_EXT_OFF + 3, 0x00),
	PATCHED("v4_te_mpls_len_past_end", v4_te_mpls, 0, 5, 0x25),
	PATCHED("v6_te_mpls_obj_len0", v6_te_mpls, SEL_V6, FIX_MPLS_EXT_OFF + 5, 0x00),
	PATCHED("v4_te_icmp_ihl4", v4_te_icmp, 0, 8, 0x44),
	PATCHED("v6_te_chain_later_frag", v6_te_chain, SEL_V6, 8 + 40 + 16 + 3, 0x09),
};

/* write_seed
 * dir/name: the selector byte and the (patched) fixture. */
static int write_seed(const char *dir, const struct seed *s)
{
	char path[4096];
	FILE *f;
	uint8_t sel = (uint8_t)s->sel;
	int ok;

	snprintf(path, sizeof(path), "%s/%s", dir, s->name);
	f = fopen(path, "wb");
	if (f == NULL) {
		fprintf(stderr, "gen_corpus_icmp: %s: %s\n", path, strerror(errno));
		return -1;
	}
	ok = fwrite(&sel, 1, 1, f) == 1;
	for (size_t i = 0; ok && i < s->len; i++) {
		uint8_t b = (long)i == s->patch_at ? s->patch_val : s->p[i];

		ok = fputc(b, f) != EOF;
	}
	if (fclose(f) != 0 || !ok) {
		fprintf(stderr, "gen_corpus_icmp: %s: write failed\n", path);
		return -1;
	}
	return 0;
}

/* main
 * Write every seed into the directory given. */
int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: gen_corpus_icmp DIR\n");
		return 2;
	}
	for (size_t i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++)
		if (write_seed(argv[1], &seeds[i]) != 0)
			return 1;
	return 0;
}
