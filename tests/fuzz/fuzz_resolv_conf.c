/* fuzz_resolv_conf.c — libFuzzer harness for the resolv.conf parser (dns_conf_parse),
 * strict and lenient.
 *
 * Input: the file's bytes. Invariants that abort: a strict failure leaves the output
 * untouched and names a line within the input; lenient parsing never fails; every
 * kept value stays within its limits (servers, search domains, ndots, timeout,
 * attempts) and every search domain is a terminated string that parses as a name.
 * Seeds: tests/fuzz/corpus/resolv_conf/. */
#include "netdx/dns_conf.h"

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

/* check_conf
 * Everything a parsed configuration promises. */
static void check_conf(const struct dns_conf *c)
{
	struct dns_name n;

	require(c->n_servers <= DNS_CONF_MAXNS);
	require(c->n_search <= DNS_CONF_MAXSEARCH);
	require(c->ndots <= 15 && c->timeout <= 30 && c->attempts <= 5);
	for (size_t i = 0; i < c->n_servers; i++)
		require(addr_family(&c->servers[i]) == AF_INET ||
			addr_family(&c->servers[i]) == AF_INET6);
	for (size_t i = 0; i < c->n_search; i++) {
		require(memchr(c->search[i], '\0', sizeof(c->search[i])) != NULL);
		require(dns_name_from_text(c->search[i], NULL, &n, NULL) == DNS_OK);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dns_conf c, before;
	struct dns_conf_error e;
	size_t lines = 1;

	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	memset(&before, 0x5a, sizeof(before));
	c = before;
	if (dns_conf_parse((const char *)data, size, true, &c, &e) == DNS_OK) {
		check_conf(&c);
	} else {
		require(memcmp(&c, &before, sizeof(c)) == 0);
		require(e.line >= 1 && e.line <= lines);
		require(memchr(e.what, '\0', sizeof(e.what)) != NULL);
	}
	require(dns_conf_parse((const char *)data, size, false, &c, NULL) == DNS_OK);
	check_conf(&c);
	return 0;
}
