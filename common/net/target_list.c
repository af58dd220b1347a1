/* target_list.c — targets as written: literals, CIDR blocks and host names, one or a
 * file of them (see netdx/target_list.h). */
#include "netdx/target_list.h"

#include <stdint.h>
#include <string.h>

#include "netdx/text_safe.h"

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
		k = text_char_len(p + i, len - i);
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
	text_quote(err->text, sizeof(err->text), s, len);
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

/* target_list_init
 * Nothing read yet; a comment starts at any '#'. */
void target_list_init(struct target_list *l, FILE *f)
{
	line_file_init(&l->lines, f, LINE_COMMENT_ANY_HASH);
}

/* target_list_next
 * Lines until one holds a target (or is bad). */
enum target_list_status target_list_next(struct target_list *l, struct target_entry *out,
					 struct target_error *err)
{
	char *s;
	size_t len;

	switch (line_file_next(&l->lines, &s, &len)) {
	case LINE_FILE_END:
		return TARGET_LIST_END;
	case LINE_FILE_IO:
		return TARGET_LIST_IO;
	case LINE_FILE_OK:
		break;
	}
	if (target_list_parse(s, len, out, err) == NETDX_OK)
		return TARGET_LIST_OK;
	err->line = l->lines.line_no;
	return TARGET_LIST_BAD;
}

/* target_list_free
 * The line buffer goes; the FILE stays the caller's. */
void target_list_free(struct target_list *l)
{
	line_file_free(&l->lines);
}
