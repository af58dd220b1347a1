/* fuzz_cymru.c — libFuzzer harness for Team Cymru's answers (dns_cymru.h).
 *
 * Input: a DNS message, whose first TXT record's text (dns_cymru_txt) is read as an
 * origin answer for both families and as an AS-name answer; then the input itself, cut
 * at its first NUL, read the same ways (the text as a TXT record would carry it).
 * Invariants that abort (a crash for libFuzzer): an accepted answer's AS is not 0, its
 * prefix is of the family asked and parses back to the same block, and every text
 * field kept is printable ASCII (it is printed on terminals as it is); the text of a
 * TXT record fits its buffer with its NUL. Seeds: tests/fuzz/corpus/cymru/. */
#include "netdx/dns_cymru.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_INPUT 2048

/* require
 * Abort when an invariant does not hold. */
static void require(int ok)
{
	if (!ok)
		abort();
}

/* printable
 * Every byte of s is printable ASCII. */
static int printable(const char *s)
{
	for (; *s; s++)
		if (*s < 0x20 || *s > 0x7e)
			return 0;
	return 1;
}

/* check_text
 * Read txt as both kinds of answer and check what is kept. */
static void check_text(const char *txt)
{
	static const int families[] = {AF_INET, AF_INET6};
	struct dns_cymru_origin o;
	char name[DNS_CYMRU_NAME];
	for (size_t i = 0; i < 2; i++) {
		if (dns_cymru_parse_origin(txt, families[i], &o) != DNS_OK)
			continue;
		struct addr_cidr c;
		require(o.asn != 0);
		require(addr_family(&o.prefix) == families[i]);
		require(addr_cidr_parse(o.prefix_text, &c, NULL) == NETDX_OK);
		require(c.prefix == o.prefix_len && addr_equal(&c.base, &o.prefix));
		require(printable(o.prefix_text) && printable(o.country) && printable(o.registry) &&
			printable(o.allocated));
		if (dns_cymru_parse_asname(txt, o.asn, name, sizeof(name)) == DNS_OK)
			require(name[0] && printable(name));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dns_msg *m = NULL;
	char txt[DNS_CYMRU_TXT];
	if (size > MAX_INPUT)
		return 0;
	if (dns_msg_parse(data, size, &m) == DNS_OK &&
	    dns_cymru_txt(m, txt, sizeof(txt)) == DNS_OK) {
		require(strlen(txt) < sizeof(txt));
		check_text(txt);
	}
	dns_msg_free(m);
	char *copy = malloc(size + 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	check_text(copy);
	free(copy);
	return 0;
}
