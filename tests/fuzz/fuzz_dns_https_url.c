/* fuzz_dns_https_url.c — libFuzzer harness for the DNS-over-HTTPS server parser
 * (dns_https_url_parse), which takes what a user or a --servers line wrote.
 *
 * Input: the bytes, cut at the first NUL as argv would. Invariants that abort (a crash
 * for libFuzzer): an accepted URL keeps its text whole, starts with https://, has a
 * host of no '/', blank or control byte (an IPv6 literal's brackets taken off, a
 * name's ':' never in it), a port of 1 to 65535; a refusal says why. Seeds:
 * tests/fuzz/corpus/dns_https_url/. */
#include "netdx/dns_https_url.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_INPUT 2048 /* past DNS_HTTPS_URL_MAX: the length check is reached */

/* require
 * Abort when an invariant does not hold. */
static void require(int ok)
{
	if (!ok)
		abort();
}

/* check_url
 * An accepted URL is well formed. */
static void check_url(const char *text, const struct dns_https_url *u)
{
	size_t n = strnlen(u->host, sizeof(u->host));

	require(strcmp(u->text, text) == 0 && dns_https_url_is(u->text));
	require(n > 0 && n < sizeof(u->host) && u->port >= 1);
	for (size_t i = 0; i < n; i++)
		require((uint8_t)u->host[i] > ' ' && u->host[i] != 0x7f && u->host[i] != '/' &&
			(u->bracketed || u->host[i] != ':'));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char text[MAX_INPUT + 1];
	struct dns_https_url u;
	const char *why = NULL;

	if (size > MAX_INPUT)
		size = MAX_INPUT;
	memcpy(text, data, size);
	text[size] = '\0';
	if (dns_https_url_parse(text, &u, &why) == DNS_OK)
		check_url(text, &u);
	else
		require(why != NULL && why[0] != '\0');
	return 0;
}
