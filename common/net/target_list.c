/* target_list.c — targets as written: literals, CIDR blocks and host names, one or a
 * file of them (see netdx/target_list.h). */
#include "netdx/target_list.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

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

/* char_len
 * Bytes of the printable character at p (n bytes left): 1 for ASCII 0x20..0x7e, 2..4
 * for well-formed UTF-8 that is not a C1 control; 0 for anything else. */
static size_t char_len(const uint8_t *p, size_t n)
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

/* escape_piece
 * How the character at p (n bytes left) is shown in a message: itself when printable,
 * \\ for a backslash, \xHH for one byte of anything else. *used: the bytes it stands
 * for. Returns the length of piece. */
static size_t escape_piece(const uint8_t *p, size_t n, char piece[4], size_t *used)
{
	static const char hex[] = "0123456789abcdef";
	size_t k = char_len(p, n);

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

/* escape
 * s (len bytes) into buf (size >= 4) as escape_piece shows it; what does not fit is
 * cut at a character boundary and replaced by "...". */
static void escape(char *buf, size_t size, const char *s, size_t len)
{
	const uint8_t *p = (const uint8_t *)s;
	char piece[4];
	size_t i, used, total = 0, o = 0;

	for (i = 0; i < len && total < size; i += used)
		total += escape_piece(p + i, len - i, piece, &used);
	size_t room = total < size ? size - 1 : size - 4; /* then "..." and the NUL */
	for (i = 0; i < len; i += used) {
		size_t k = escape_piece(p + i, len - i, piece, &used);
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

/* is_blank
 * A blank around a target: space or tab. */
static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* check_chars
 * Why s cannot be any target (a blank, a control character, invalid UTF-8), or NULL. */
static const char *check_chars(const char *s, size_t len)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t k;

	for (size_t i = 0; i < len; i += k) {
		if (is_blank((char)p[i]))
			return "blank inside a target (one target per line)";
		k = char_len(p + i, len - i);
		if (k == 0)
			return p[i] < 0x80 ? "control character"
					   : "control character or invalid UTF-8";
	}
	return NULL;
}

/* check_name
 * Why s is not a host name by its lengths (the whole, each label), or NULL. One final
 * dot (a fully qualified name) is allowed. */
static const char *check_name(const char *s, size_t len)
{
	size_t n = len, label = 0;

	if (s[n - 1] == '.')
		n--;
	if (n > TARGET_NAME_MAX)
		return "name longer than 253 bytes";
	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] != '.') {
			label++;
			continue;
		}
		if (label == 0)
			return "empty label";
		if (label > TARGET_LABEL_MAX)
			return "label longer than 63 bytes";
		label = 0;
	}
	return NULL;
}

/* refuse
 * Fill *err for s and clear *out; false, for the caller to return. */
static enum netdx_status refuse(const char *s, size_t len, const char *why,
				struct target_entry *out, struct target_error *err)
{
	memset(out, 0, sizeof(*out));
	err->line = 0;
	escape(err->text, sizeof(err->text), s, len);
	err->why = why;
	return NETDX_E_INVALID;
}

/* target_list_parse
 * Characters first (nothing unprintable may hide in a target), then a '/' makes a block,
 * a literal an address, and anything else must pass as a host name. */
enum netdx_status target_list_parse(const char *s, size_t len, struct target_entry *out,
				    struct target_error *err)
{
	const char *why;

	memset(out, 0, sizeof(*out));
	if (len == 0)
		return refuse(s, len, "empty name", out, err);
	why = check_chars(s, len);
	if (why)
		return refuse(s, len, why, out, err);
	out->text = s;
	out->len = len;
	if (addr_is_cidr(s)) {
		out->kind = TARGET_BLOCK;
		if (addr_cidr_parse(s, &out->block, &why) != NETDX_OK)
			return refuse(s, len, why, out, err);
		return NETDX_OK;
	}
	if (addr_parse_literal(s, AF_UNSPEC, &out->addr)) {
		out->kind = TARGET_LITERAL;
		return NETDX_OK;
	}
	why = check_name(s, len);
	if (why)
		return refuse(s, len, why, out, err);
	out->kind = TARGET_NAME;
	return NETDX_OK;
}

/* strip_line
 * The target on a line of n bytes: the comment from '#' on, a final LF or CR LF and the
 * blanks around it removed, NUL-terminated in place. *len: its length. */
static char *strip_line(char *line, size_t n, size_t *len)
{
	char *hash = memchr(line, '#', n);
	size_t start = 0;

	if (hash)
		n = (size_t)(hash - line);
	while (n > 0 && (is_blank(line[n - 1]) || line[n - 1] == '\r' || line[n - 1] == '\n'))
		n--;
	while (start < n && is_blank(line[start]))
		start++;
	line[n] = '\0';
	*len = n - start;
	return line + start;
}

/* target_list_init
 * Nothing read yet. */
void target_list_init(struct target_list *l, FILE *f)
{
	*l = (struct target_list){.f = f};
}

/* target_list_next
 * Lines until one holds a target (or is bad); a byte order mark may open line 1. */
enum target_list_status target_list_next(struct target_list *l, struct target_entry *out,
					 struct target_error *err)
{
	static const char bom[] = "\xef\xbb\xbf";

	for (;;) {
		ssize_t got = getline(&l->line, &l->cap, l->f);
		if (got < 0)
			return feof(l->f) && !ferror(l->f) ? TARGET_LIST_END : TARGET_LIST_IO;
		l->line_no++;
		char *line = l->line;
		size_t n = (size_t)got, len;
		if (l->line_no == 1 && n >= 3 && memcmp(line, bom, 3) == 0) {
			line += 3;
			n -= 3;
		}
		char *s = strip_line(line, n, &len);
		if (len == 0)
			continue;
		if (target_list_parse(s, len, out, err) == NETDX_OK)
			return TARGET_LIST_OK;
		err->line = l->line_no;
		return TARGET_LIST_BAD;
	}
}

/* target_list_free
 * The line buffer goes; the FILE stays the caller's. */
void target_list_free(struct target_list *l)
{
	free(l->line);
	*l = (struct target_list){0};
}
