/* fuzz_dns_tls_server.c — libFuzzer harness for the TLS server parser
 * (dns_tls_server_parse: tls://ADDR[:PORT][#NAME]).
 *
 * Input: one server argument (at most MAX_INPUT bytes, cut at the first NUL, as argv
 * would). Invariants that abort (a crash for libFuzzer): an accepted server began with
 * "tls://", has a terminated host of no blank, control byte or '#', a port of 1 to
 * 65535, a terminated name of no blank or control byte, the host as its name when the
 * host is a name and no #NAME was given, and written back as tls://[HOST]:PORT#NAME it
 * parses again the same; a refusal says why and quotes the server terminated and with
 * no raw control character. Seeds: tests/fuzz/corpus/dns_tls_server/. */
#include "netdx/dns_tls_server.h"

#include "fuzz_lines.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_INPUT 1024 /* past the longest host and name (253 bytes each) */

/* require_text
 * A terminated text of len at most cap - 1, no blank or control byte. */
static void require_text(const char *s, size_t cap, bool may_be_empty)
{
	size_t n = strnlen(s, cap);

	require(n < cap && (may_be_empty || n > 0));
	for (size_t i = 0; i < n; i++)
		require((uint8_t)s[i] > ' ' && s[i] != 0x7f);
}

/* check_server
 * An accepted server is well formed and parses again the same. */
static void check_server(const char *arg, const struct dns_tls_server *t)
{
	struct dns_tls_server again;
	struct dns_server_error err;
	char text[2 * DNS_SERVER_HOST_MAX + 32];
	bool v6 = strchr(t->at.host, ':') != NULL;

	require(dns_tls_server_is(arg, strlen(arg)));
	require_text(t->at.host, sizeof(t->at.host), false);
	require(strchr(t->at.host, '#') == NULL && t->at.port >= 1);
	require_text(t->name, sizeof(t->name), true);
	require(t->at.literal || t->name[0] != '\0');
	int n = snprintf(text, sizeof(text), "tls://%s%s%s:%u%s%s", v6 ? "[" : "", t->at.host,
			 v6 ? "]" : "", t->at.port, t->name[0] ? "#" : "", t->name);
	require(n > 0 && (size_t)n < sizeof(text));
	require(dns_tls_server_parse(text, (size_t)n, &again, &err));
	require(strcmp(again.at.host, t->at.host) == 0 && again.at.port == t->at.port &&
		again.at.literal == t->at.literal);
	/* an address written without #NAME checks the address: "" both times */
	require(strcmp(again.name, t->name) == 0);
}

/* check_error
 * A refusal: a reason, and a quote that is terminated and has no raw control byte. */
static void check_error(const struct dns_server_error *err)
{
	require(err->why != NULL);
	require_safe_quote(err->text, sizeof(err->text));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dns_tls_server t;
	struct dns_server_error err;

	if (size == 0 || size > MAX_INPUT)
		return 0;
	char *arg = fuzz_arg(data, size);
	if (!arg)
		return 0;
	if (dns_tls_server_parse(arg, strlen(arg), &t, &err))
		check_server(arg, &t);
	else
		check_error(&err);
	free(arg);
	return 0;
}
