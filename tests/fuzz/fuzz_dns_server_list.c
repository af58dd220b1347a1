/* fuzz_dns_server_list.c — libFuzzer harness for the server parser (dns_server_parse)
 * and the --servers file as nslookup reads it (line_file, then the parser per line).
 *
 * Input: the bytes of a server file (at most MAX_INPUT), read through fmemopen() as
 * nslookup --check reads its file; the same bytes are then parsed as one --server
 * argument (cut at the first NUL, as argv would). Invariants that abort (a crash for
 * libFuzzer): an accepted server has a terminated host of no blank, control byte or
 * '#', a port of 1 to 65535, and a host that parses again as the same server; a
 * refusal says why, names a line that exists, and quotes the server terminated and
 * without a raw control character. Seeds: tests/fuzz/corpus/dns_server_list/. */
#include "netdx/dns_server_list.h"
#include "netdx/line_file.h"

#include "fuzz_lines.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_INPUT 1024 /* a few lines reach every path (as fuzz_target_list) */

/* check_server
 * An accepted server is well formed and parses again the same. */
static void check_server(const struct dns_server_spec *sp)
{
	size_t n = strnlen(sp->host, sizeof(sp->host));
	struct dns_server_spec again;
	struct dns_server_error err;

	require(n > 0 && n < sizeof(sp->host) && sp->port >= 1);
	for (size_t i = 0; i < n; i++)
		require((uint8_t)sp->host[i] > ' ' && sp->host[i] != 0x7f && sp->host[i] != '#');
	require(dns_server_parse(sp->host, n, sp->port, &again, &err));
	require(strcmp(again.host, sp->host) == 0 && again.port == sp->port &&
		again.literal == sp->literal);
}

/* check_error
 * A refusal: a reason, and a quote that is terminated and has no raw control byte. */
static void check_error(const struct dns_server_error *err)
{
	require(err->why != NULL);
	require_safe_quote(err->text, sizeof(err->text));
}

/* read_file
 * Every line of the input as nslookup --servers reads it: line_file, blank-'#'
 * comments, each line parsed with its length (a NUL in it is a control character). */
static void read_file(const uint8_t *data, size_t size)
{
	unsigned long lines;
	struct line_file lf;
	struct dns_server_spec sp;
	struct dns_server_error err;
	enum line_file_status st;
	char *text;
	size_t len;
	FILE *f;

	f = fuzz_lines_open(data, size, &lines);
	if (!f)
		return;
	line_file_init(&lf, f, LINE_COMMENT_BLANK_HASH);
	while ((st = line_file_next(&lf, &text, &len)) != LINE_FILE_END) {
		require(st == LINE_FILE_OK && len > 0);
		require(lf.line_no >= 1 && lf.line_no <= lines);
		require(text[0] != ' ' && text[0] != '\t' && text[len - 1] != '\n');
		if (dns_server_parse(text, len, 53, &sp, &err))
			check_server(&sp);
		else
			check_error(&err);
	}
	line_file_free(&lf);
	fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dns_server_spec sp;
	struct dns_server_error err;

	if (size == 0 || size > MAX_INPUT)
		return 0;
	read_file(data, size);
	char *arg = fuzz_arg(data, size);
	if (!arg)
		return 0;
	if (dns_server_parse(arg, strlen(arg), 53, &sp, &err))
		check_server(&sp);
	else
		check_error(&err);
	free(arg);
	return 0;
}
