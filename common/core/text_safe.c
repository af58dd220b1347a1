/* text_safe.c — printable characters and quoting (see netdx/text_safe.h). */
#include "netdx/text_safe.h"

#include <string.h>

/* Lead bytes of a well-formed UTF-8 sequence (RFC 3629): its length and the range of
 * the byte after it; further bytes are 0x80..0xbf. Overlong forms, surrogates and
 * code points above U+10FFFF have no entry or a narrower range. */
static const struct {
	uint8_t first, last; /* lead bytes */
	uint8_t len;         /* bytes in the sequence */
	uint8_t lo, hi;      /* the second byte */
} utf8_leads[] = {
	{0xc2, 0xc2, 2, 0xa0, 0xbf}, /* U+0080..U+009F are the C1 controls */
	{0xc3, 0xdf, 2, 0x80, 0xbf}, {0xe0, 0xe0, 3, 0xa0, 0xbf}, {0xe1, 0xec, 3, 0x80, 0xbf},
	{0xed, 0xed, 3, 0x80, 0x9f}, {0xee, 0xef, 3, 0x80, 0xbf}, {0xf0, 0xf0, 4, 0x90, 0xbf},
	{0xf1, 0xf3, 4, 0x80, 0xbf}, {0xf4, 0xf4, 4, 0x80, 0x8f},
};

size_t text_char_len(const uint8_t *p, size_t n)
{
	if (p[0] >= 0x20 && p[0] < 0x7f)
		return 1;
	for (size_t i = 0; i < sizeof(utf8_leads) / sizeof(utf8_leads[0]); i++) {
		if (p[0] < utf8_leads[i].first || p[0] > utf8_leads[i].last)
			continue;
		size_t len = utf8_leads[i].len;
		if (n < len || p[1] < utf8_leads[i].lo || p[1] > utf8_leads[i].hi)
			return 0;
		for (size_t k = 2; k < len; k++)
			if (p[k] < 0x80 || p[k] > 0xbf)
				return 0;
		return len;
	}
	return 0;
}

/* quote_piece
 * How the character at p (n bytes left) is shown: itself when printable, \\ for a
 * backslash, \xHH for one byte of anything else. *used: the bytes it stands for.
 * Returns the length of piece. */
static size_t quote_piece(const uint8_t *p, size_t n, char piece[4], size_t *used)
{
	static const char hex[] = "0123456789abcdef";
	size_t k = text_char_len(p, n);

	if (k == 0) {
		*used = 1;
		piece[0] = '\\';
		piece[1] = 'x';
		piece[2] = hex[p[0] >> 4];
		piece[3] = hex[p[0] & 15];
		return 4;
	}
	*used = k;
	if (p[0] == '\\') {
		piece[0] = piece[1] = '\\';
		return 2;
	}
	memcpy(piece, p, k);
	return k;
}

void text_quote(char *buf, size_t size, const char *s, size_t len)
{
	const uint8_t *p = (const uint8_t *)s;
	char piece[4];
	size_t i, used, total = 0, o = 0;

	for (i = 0; i < len && total < size; i += used)
		total += quote_piece(p + i, len - i, piece, &used);
	size_t room = total < size ? size - 1 : size - 4; /* then "..." and the NUL */
	for (i = 0; i < len; i += used) {
		size_t k = quote_piece(p + i, len - i, piece, &used);
		if (o + k > room)
			break;
		memcpy(buf + o, piece, k);
		o += k;
	}
	if (i < len) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
}
