/* dns_text — a growing text buffer for presentation output, and the binary-to-text
 * encodings DNS uses (base64, base32hex, hex), in BIND's single-line style: long
 * values are cut into chunks separated by one space. */
#ifndef NETDX_DNS_TEXT_H
#define NETDX_DNS_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A NUL-terminated string that grows; after an allocation failure it stays as it
 * was and failed is set (callers check once, at the end). */
struct dns_text {
	char *s;     /* the text, always terminated once anything was added */
	size_t len;  /* characters, without the NUL */
	size_t cap;  /* bytes allocated */
	bool failed; /* an allocation failed */
};

void dns_text_init(struct dns_text *t);
void dns_text_free(struct dns_text *t);
/* Empty the text, keeping the allocation. */
void dns_text_clear(struct dns_text *t);
void dns_text_add(struct dns_text *t, const char *s);
void dns_text_addn(struct dns_text *t, const char *s, size_t n);
void dns_text_addc(struct dns_text *t, char c);
void dns_text_printf(struct dns_text *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The text so far ("" when nothing was added). */
const char *dns_text_str(const struct dns_text *t);

/* Append data as base64 / upper-case hex / upper-case base32hex (no padding). chunk
 * > 0 puts a space after every chunk characters (BIND prints keys and signatures in
 * chunks of 56 on one line); 0 writes one piece. */
void dns_text_base64(struct dns_text *t, const uint8_t *data, size_t len, size_t chunk);
void dns_text_hex(struct dns_text *t, const uint8_t *data, size_t len, size_t chunk);
void dns_text_base32hex(struct dns_text *t, const uint8_t *data, size_t len);

/* One character-string body in presentation format (TXT, CAA, SVCB values): ", \
 * escaped, non-printables as \DDD, in double quotes when quote is set. */
void dns_text_charstring(struct dns_text *t, const uint8_t *s, size_t n, bool quote);

#endif
