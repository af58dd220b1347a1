/* fuzz_hosts.c — libFuzzer harness for the hosts-file parser (dns_hosts_parse) and the
 * nsswitch.conf hosts order (dns_hosts_order_parse).
 *
 * Input: the file's bytes. Invariants that abort: parsing succeeds (only memory can make
 * it fail); there are no more entries than lines; a name the table gives for an address
 * has no control byte (they are shown as \DDD), no blank and no '#' (words end there);
 * the order is one of the four. Seeds: tests/fuzz/corpus/hosts/. */
#include "netdx/dns_hosts.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* require
 * Abort when an invariant does not hold. */
static void require(int ok)
{
	if (!ok)
		abort();
}

/* check_name
 * A name the table gives: one word, nothing a terminal would obey. */
static void check_name(const char *n)
{
	for (size_t i = 0; n[i]; i++)
		require((unsigned char)n[i] > ' ' && (unsigned char)n[i] != 0x7f && n[i] != '#');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dns_hosts *h = NULL;
	size_t lines = 1;
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	require(dns_hosts_parse((const char *)data, size, &h) == DNS_OK);
	require(dns_hosts_count(h) <= lines);
	/* the first word of each line, when it is an address, finds a name that can be
	 * shown (this line's or an earlier one's) */
	char word[64];
	const char *p = (const char *)data, *end = p + size;
	while (p < end) {
		size_t n = 0;
		while (p < end && n < sizeof(word) - 1 && *p != ' ' && *p != '\n' && *p != '\0')
			word[n++] = *p++;
		word[n] = '\0';
		struct netdx_addr a;
		if (addr_parse_literal(word, AF_UNSPEC, &a)) {
			const char *name = dns_hosts_name(h, &a);
			if (name)
				check_name(name);
		}
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		p = eol ? eol + 1 : end;
	}
	dns_hosts_free(h);
	enum dns_hosts_order o = dns_hosts_order_parse((const char *)data, size);
	require(o == DNS_HOSTS_FIRST || o == DNS_HOSTS_AFTER_DNS || o == DNS_HOSTS_ONLY ||
		o == DNS_HOSTS_NEVER);
	return 0;
}
