/* tcp_diag_bc.c — a filter as INET_DIAG bytecode (see tcp_diag_bc.h). The kernel runs
 * the ops in order: a test that holds jumps `yes` bytes on, one that fails jumps `no`
 * bytes on, and a socket is accepted only when the run ends exactly at the end. Every
 * test here goes on to the next when it holds and jumps 4 bytes past the end when it
 * fails, so the bytecode is the AND of its tests (what ss writes for "sport = :N"). */
#include "tcp_diag_bc.h"

#include <linux/inet_diag.h>
#include <netinet/in.h>
#include <string.h>

/* One test of the filter before it is written. */
struct test {
	uint8_t code;                       /* INET_DIAG_BC_S_EQ, _D_EQ, _S_COND, _D_COND */
	int port;                           /* for _EQ */
	const struct tcp_diag_block *block; /* for _COND */
};

/* test_len
 * Bytes of a test: an op and the port in a second op, or an op, a hostcond and the
 * address. */
static size_t test_len(const struct test *t)
{
	if (!t->block)
		return 2 * sizeof(struct inet_diag_bc_op);
	size_t alen = t->block->family == AF_INET ? 4 : 16;
	return sizeof(struct inet_diag_bc_op) + sizeof(struct inet_diag_hostcond) + alen;
}

/* write_test
 * One test at p, rest bytes before the end of the bytecode (its own included). */
static void write_test(const struct test *t, uint8_t *p, size_t rest)
{
	size_t len = test_len(t);
	struct inet_diag_bc_op op = {
		.code = t->code, .yes = (uint8_t)len, .no = (uint16_t)(rest + 4)};
	memcpy(p, &op, sizeof(op));
	if (!t->block) {
		struct inet_diag_bc_op port = {.no = (uint16_t)t->port};
		memcpy(p + sizeof(op), &port, sizeof(port));
		return;
	}
	struct inet_diag_hostcond cond = {.family = (uint8_t)t->block->family,
					  .prefix_len = (uint8_t)t->block->prefix,
					  .port = -1};
	memcpy(p + sizeof(op), &cond, sizeof(cond));
	memcpy(p + sizeof(op) + sizeof(cond), t->block->addr, len - sizeof(op) - sizeof(cond));
}

/* tests_of
 * The tests f asks for, in order; how many. */
static size_t tests_of(const struct tcp_diag_filter *f, struct test *t)
{
	size_t n = 0;
	if (f->sport >= 0)
		t[n++] = (struct test){.code = INET_DIAG_BC_S_EQ, .port = f->sport};
	if (f->dport >= 0)
		t[n++] = (struct test){.code = INET_DIAG_BC_D_EQ, .port = f->dport};
	if (f->src.family)
		t[n++] = (struct test){.code = INET_DIAG_BC_S_COND, .block = &f->src};
	if (f->dst.family)
		t[n++] = (struct test){.code = INET_DIAG_BC_D_COND, .block = &f->dst};
	return n;
}

size_t tcp_diag_bc_build(const struct tcp_diag_filter *f, uint8_t *buf)
{
	struct test t[4];
	size_t n = f ? tests_of(f, t) : 0, total = 0, at = 0;
	for (size_t i = 0; i < n; i++)
		total += test_len(&t[i]);
	for (size_t i = 0; i < n; i++) {
		write_test(&t[i], buf + at, total - at);
		at += test_len(&t[i]);
	}
	return total;
}
