/* fuzz_lines.h — what the harnesses of list files (targets, servers) share: the abort
 * on a broken invariant, the input as a file or as one argument, and the check of a
 * quoted refusal. */
#ifndef NETDX_FUZZ_LINES_H
#define NETDX_FUZZ_LINES_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* require
 * Abort when an invariant does not hold. */
static inline void require(int ok)
{
	if (!ok)
		abort();
}

/* fuzz_lines_open
 * The input as a FILE for a list reader (NULL when fmemopen fails); *lines: how many
 * lines it has, the last one unterminated. */
static inline FILE *fuzz_lines_open(const uint8_t *data, size_t size, unsigned long *lines)
{
	*lines = 1;
	for (size_t i = 0; i < size; i++)
		*lines += data[i] == '\n';
	return fmemopen((void *)data, size, "r");
}

/* fuzz_arg
 * The input as one command-line argument: NUL-terminated (so cut at its first NUL, as
 * argv would be), malloc'd for the caller to free; NULL when memory is short. */
static inline char *fuzz_arg(const uint8_t *data, size_t size)
{
	char *arg = malloc(size + 1);

	if (arg) {
		memcpy(arg, data, size);
		arg[size] = '\0';
	}
	return arg;
}

/* require_safe_quote
 * A refused entry as quoted in text (cap bytes): terminated, and no raw control
 * character (C0, DEL, C1 in UTF-8). */
static inline void require_safe_quote(const char *text, size_t cap)
{
	const uint8_t *t = (const uint8_t *)text;
	size_t n = strnlen(text, cap);

	require(n < cap);
	for (size_t i = 0; i < n; i++) {
		require(t[i] >= ' ' && t[i] != 0x7f);
		require(!(t[i] == 0xc2 && i + 1 < n && t[i + 1] >= 0x80 && t[i + 1] <= 0x9f));
	}
}

#endif
