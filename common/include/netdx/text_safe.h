/* text_safe — text from a user or a file made safe to print in one line of a message.
 *
 * Printable characters are ASCII 0x20..0x7e and well-formed UTF-8 (RFC 3629) that is not
 * a C1 control: names may be written in UTF-8 (IDN). Everything else, and a backslash,
 * is escaped, so a message can never carry a control character to the terminal. */
#ifndef NETDX_TEXT_SAFE_H
#define NETDX_TEXT_SAFE_H

#include <stddef.h>
#include <stdint.h>

/* Bytes of the printable character at p (n >= 1 bytes left): 1 for ASCII 0x20..0x7e,
 * 2..4 for well-formed UTF-8 that is not a C1 control; 0 for anything else. */
size_t text_char_len(const uint8_t *p, size_t n);

/* s (len bytes) into buf (size >= 4): printable characters as they are, a backslash as
 * \\, any other byte as \xHH; what does not fit is cut at a character boundary and
 * replaced by "...". Always NUL-terminated. */
void text_quote(char *buf, size_t size, const char *s, size_t len);

#endif
