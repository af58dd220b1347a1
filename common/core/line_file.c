/* line_file.c — the lines of a list file (see netdx/line_file.h). */
#include "netdx/line_file.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

/* is_blank
 * A blank around an entry: space or tab. */
static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* comment_at
 * Where the comment of a line of n bytes starts under rule; n when it has none. */
static size_t comment_at(const char *line, size_t n, enum line_comment rule)
{
	for (size_t i = 0; i < n; i++)
		if (line[i] == '#' &&
		    (rule == LINE_COMMENT_ANY_HASH || i == 0 || is_blank(line[i - 1])))
			return i;
	return n;
}

/* strip_line
 * The entry on a line of n bytes: comment, a final LF or CR LF and the blanks around it
 * removed, NUL-terminated in place. *len: its length. */
static char *strip_line(char *line, size_t n, enum line_comment rule, size_t *len)
{
	size_t start = 0;

	n = comment_at(line, n, rule);
	while (n > 0 && (is_blank(line[n - 1]) || line[n - 1] == '\r' || line[n - 1] == '\n'))
		n--;
	while (start < n && is_blank(line[start]))
		start++;
	line[n] = '\0';
	*len = n - start;
	return line + start;
}

void line_file_init(struct line_file *lf, FILE *f, enum line_comment rule)
{
	*lf = (struct line_file){.f = f, .rule = rule};
}

enum line_file_status line_file_next(struct line_file *lf, char **text, size_t *len)
{
	static const char bom[] = "\xef\xbb\xbf";

	for (;;) {
		ssize_t got = getline(&lf->line, &lf->cap, lf->f);
		if (got < 0)
			return feof(lf->f) && !ferror(lf->f) ? LINE_FILE_END : LINE_FILE_IO;
		lf->line_no++;
		char *line = lf->line;
		size_t n = (size_t)got;
		if (lf->line_no == 1 && n >= 3 && memcmp(line, bom, 3) == 0) {
			line += 3;
			n -= 3;
		}
		*text = strip_line(line, n, lf->rule, len);
		if (*len > 0)
			return LINE_FILE_OK;
	}
}

void line_file_free(struct line_file *lf)
{
	free(lf->line);
	*lf = (struct line_file){0};
}
