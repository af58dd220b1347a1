/* dns_text.c — growing text buffer and base64/hex/base32hex (see netdx/dns_text.h). */
#include "netdx/dns_text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* dns_text_init
 * An empty text that allocates nothing yet. */
void dns_text_init(struct dns_text *t)
{
	*t = (struct dns_text){NULL, 0, 0, false};
}

/* dns_text_free
 * Release the text and leave it empty. */
void dns_text_free(struct dns_text *t)
{
	free(t->s);
	dns_text_init(t);
}

/* dns_text_clear
 * Empty the text but keep its allocation. */
void dns_text_clear(struct dns_text *t)
{
	t->len = 0;
	t->failed = false;
	if (t->s)
		t->s[0] = '\0';
}

/* text_reserve
 * Room for n more characters and the NUL; false (and failed set) if that fails. */
static bool text_reserve(struct dns_text *t, size_t n)
{
	if (t->failed)
		return false;
	if (t->len + n + 1 <= t->cap)
		return true;
	size_t cap = t->cap ? t->cap : 128;
	while (cap < t->len + n + 1)
		cap *= 2;
	char *s = realloc(t->s, cap);
	if (s == NULL) {
		t->failed = true;
		return false;
	}
	t->s = s;
	t->cap = cap;
	return true;
}

/* dns_text_addn
 * Append n characters (they need not be terminated). */
void dns_text_addn(struct dns_text *t, const char *s, size_t n)
{
	if (!text_reserve(t, n))
		return;
	memcpy(t->s + t->len, s, n);
	t->len += n;
	t->s[t->len] = '\0';
}

/* dns_text_add
 * Append a C string. */
void dns_text_add(struct dns_text *t, const char *s)
{
	dns_text_addn(t, s, strlen(s));
}

/* dns_text_addc
 * Append one character. */
void dns_text_addc(struct dns_text *t, char c)
{
	dns_text_addn(t, &c, 1);
}

/* dns_text_printf
 * Append printf output, through a small buffer when it fits. */
void dns_text_printf(struct dns_text *t, const char *fmt, ...)
{
	va_list ap;
	char small[256];

	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		t->failed = true;
		return;
	}
	if ((size_t)n < sizeof(small)) {
		dns_text_addn(t, small, (size_t)n);
		return;
	}
	if (!text_reserve(t, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(t->s + t->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	t->len += (size_t)n;
}

/* dns_text_str
 * The text so far, "" when empty. */
const char *dns_text_str(const struct dns_text *t)
{
	return t->s ? t->s : "";
}

/* text_chunked
 * Append one encoded character, with a space before it at each chunk boundary. */
static void text_chunked(struct dns_text *t, char c, size_t *count, size_t chunk)
{
	if (chunk && *count && *count % chunk == 0)
		dns_text_addc(t, ' ');
	dns_text_addc(t, c);
	(*count)++;
}

/* dns_text_base64
 * RFC 4648 base64 with padding, a space every chunk characters. */
void dns_text_base64(struct dns_text *t, const uint8_t *data, size_t len, size_t chunk)
{
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t count = 0;

	for (size_t i = 0; i < len; i += 3) {
		uint32_t v = (uint32_t)data[i] << 16;
		if (i + 1 < len)
			v |= (uint32_t)data[i + 1] << 8;
		if (i + 2 < len)
			v |= data[i + 2];
		text_chunked(t, b64[(v >> 18) & 63], &count, chunk);
		text_chunked(t, b64[(v >> 12) & 63], &count, chunk);
		text_chunked(t, i + 1 < len ? b64[(v >> 6) & 63] : '=', &count, chunk);
		text_chunked(t, i + 2 < len ? b64[v & 63] : '=', &count, chunk);
	}
}

/* dns_text_hex
 * Upper-case hex, a space every chunk characters. */
void dns_text_hex(struct dns_text *t, const uint8_t *data, size_t len, size_t chunk)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t count = 0;

	for (size_t i = 0; i < len; i++) {
		text_chunked(t, hex[data[i] >> 4], &count, chunk);
		text_chunked(t, hex[data[i] & 15], &count, chunk);
	}
}

/* dns_text_base32hex
 * RFC 4648 base32hex, upper case, without padding (NSEC3 hashes). */
void dns_text_base32hex(struct dns_text *t, const uint8_t *data, size_t len)
{
	static const char b32[] = "0123456789ABCDEFGHIJKLMNOPQRSTUV";
	uint32_t acc = 0;
	unsigned bits = 0;

	for (size_t i = 0; i < len; i++) {
		acc = (acc << 8) | data[i];
		bits += 8;
		while (bits >= 5) {
			dns_text_addc(t, b32[(acc >> (bits - 5)) & 31]);
			bits -= 5;
		}
	}
	if (bits > 0)
		dns_text_addc(t, b32[(acc << (5 - bits)) & 31]);
}

/* dns_text_charstring
 * One character-string body as BIND's txt_totext(quote) writes it: ", \ escaped,
 * non-printables as \DDD, in quotes when quote is set. */
void dns_text_charstring(struct dns_text *t, const uint8_t *s, size_t n, bool quote)
{
	if (quote)
		dns_text_addc(t, '"');
	for (size_t i = 0; i < n; i++) {
		uint8_t c = s[i];
		if (c < 0x20 || c >= 0x7f) {
			dns_text_printf(t, "\\%03u", c);
			continue;
		}
		if (c == '"' || c == '\\')
			dns_text_addc(t, '\\');
		dns_text_addc(t, (char)c);
	}
	if (quote)
		dns_text_addc(t, '"');
}
