/* fuzz_target_list.c — libFuzzer harness for the target parser (target_list_parse)
 * and the --targets file reader (target_list_next).
 *
 * Input: the bytes of a targets file (at most MAX_INPUT), read through fmemopen() as
 * ping reads its file; the same bytes are then classified as one command-line target
 * (cut at the first NUL, as argv would). Invariants that abort (a crash for
 * libFuzzer): a target has no blank, control byte or line end in it (from a file: no
 * '#' either) and its text and length agree; a literal's printed form parses back to
 * the same address; a block re-parses the same, its host count is at least 1 and never
 * more than its prefix leaves room for, its last host lies inside it; a name is no
 * literal and has no '/', its length and labels are in bounds; a refusal leaves the
 * entry zeroed, names a line that exists, and quotes the target without a raw control
 * character (C0, DEL, C1 in UTF-8). Seeds: tests/fuzz/corpus/target_list/. */
#include "netdx/target_list.h"

#include "fuzz_lines.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Longer inputs are skipped: a few lines (a name of 254 bytes and more) reach every
 * path, and files of many lines more than halved the speed (libFuzzer's per-feature
 * bookkeeping: 2.6 M runs in 8 minutes against 6.3 M) without reaching anything new. */
#define MAX_INPUT 1024

/* check_block
 * Host count within the prefix; the last host inside the block. */
static void check_block(const struct addr_cidr *c)
{
	unsigned bits = addr_family(&c->base) == AF_INET ? 32 : 128;
	unsigned hostbits = bits - c->prefix;
	size_t n = bits / 8;
	struct netdx_addr last;

	require(c->prefix <= bits && c->count >= 1);
	if (hostbits < 64)
		require(c->first + c->count <= (uint64_t)1 << hostbits);
	addr_cidr_host(c, c->count - 1, &last);
	const uint8_t *a = addr_bytes(&last), *b = addr_bytes(&c->base);
	for (size_t i = 0; i < n; i++) {
		unsigned keep = c->prefix > i * 8 ? c->prefix - i * 8 : 0;
		uint8_t mask = keep >= 8 ? 0xff : (uint8_t)(0xff00u >> keep);
		require((a[i] & mask) == b[i] && (b[i] & (uint8_t)~mask) == 0);
	}
}

/* check_name
 * Lengths and labels of a name as the header promises. */
static void check_name(const char *s, size_t len)
{
	size_t n = s[len - 1] == '.' ? len - 1 : len, label = 0;

	require(n >= 1 && n <= TARGET_NAME_MAX && !memchr(s, '/', len));
	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] != '.') {
			label++;
			continue;
		}
		require(label >= 1 && label <= TARGET_LABEL_MAX);
		label = 0;
	}
}

/* check_entry
 * Everything an accepted target promises. */
static void check_entry(const struct target_entry *e)
{
	struct netdx_addr again;
	struct addr_cidr block;
	char buf[ADDR_STRLEN];

	require(e->text != NULL && e->len >= 1 && strlen(e->text) == e->len);
	for (size_t i = 0; i < e->len; i++) {
		uint8_t c = (uint8_t)e->text[i];
		require(c > ' ' && c != 0x7f);
	}
	switch (e->kind) {
	case TARGET_LITERAL:
		addr_to_str(&e->addr, buf, sizeof(buf));
		require(addr_parse_literal(buf, AF_UNSPEC, &again) && addr_equal(&again, &e->addr));
		break;
	case TARGET_BLOCK:
		require(addr_cidr_parse(e->text, &block, NULL) == NETDX_OK &&
			memcmp(&block, &e->block, sizeof(block)) == 0);
		check_block(&e->block);
		break;
	case TARGET_NAME:
		require(!addr_parse_literal(e->text, AF_UNSPEC, &again));
		check_name(e->text, e->len);
		break;
	default:
		abort();
	}
}

/* check_error
 * A refusal: a reason, and a quote that is terminated and has no raw control byte. */
static void check_error(const struct target_error *err)
{
	require(err->why != NULL);
	require_safe_quote(err->text, sizeof(err->text));
}

/* read_file
 * Every line of the input through the reader. */
static void read_file(const uint8_t *data, size_t size)
{
	static const struct target_entry zero;
	unsigned long lines;
	struct target_list l;
	struct target_entry e;
	struct target_error err;
	enum target_list_status st;
	FILE *f;

	f = fuzz_lines_open(data, size, &lines);
	if (!f)
		return;
	target_list_init(&l, f);
	while ((st = target_list_next(&l, &e, &err)) != TARGET_LIST_END) {
		require(st == TARGET_LIST_OK || st == TARGET_LIST_BAD);
		require(l.lines.line_no >= 1 && l.lines.line_no <= lines);
		if (st == TARGET_LIST_OK) {
			require(!memchr(e.text, '#', e.len));
			check_entry(&e);
			continue;
		}
		require(err.line == l.lines.line_no && memcmp(&e, &zero, sizeof(e)) == 0);
		check_error(&err);
	}
	target_list_free(&l);
	fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct target_entry e;
	struct target_error err;

	if (size == 0 || size > MAX_INPUT)
		return 0;
	read_file(data, size);
	char *arg = fuzz_arg(data, size);
	if (!arg)
		return 0;
	if (target_list_parse(arg, strlen(arg), &e, &err) == NETDX_OK) {
		require(e.text == arg);
		check_entry(&e);
	} else {
		require(err.line == 0);
		check_error(&err);
	}
	free(arg);
	return 0;
}
