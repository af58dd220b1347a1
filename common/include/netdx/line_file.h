/* line_file — the lines of a list file (targets, servers): one entry per line.
 *
 * Blank lines and comments are skipped; blanks around the entry, a CR before the LF and
 * a UTF-8 byte order mark at the start of the file are stripped. Lines are counted, so
 * a bad entry can be reported with its line number. The only allocation is getline's
 * buffer. */
#ifndef NETDX_LINE_FILE_H
#define NETDX_LINE_FILE_H

#include <stddef.h>
#include <stdio.h>

/* Where a comment starts. */
enum line_comment {
	LINE_COMMENT_ANY_HASH,   /* at any '#' */
	LINE_COMMENT_BLANK_HASH, /* at a '#' that opens the line or follows a blank, so a
				   * '#' glued to a word is part of it ("10.0.0.1#5353") */
};

/* A list file being read. */
struct line_file {
	FILE *f;                /* where lines come from (the caller opens and closes it) */
	enum line_comment rule; /* where a comment starts */
	char *line;             /* getline's buffer */
	size_t cap;             /* its size */
	unsigned long line_no;  /* lines read so far */
};

/* What line_file_next() found. */
enum line_file_status {
	LINE_FILE_OK,  /* an entry */
	LINE_FILE_END, /* end of the file */
	LINE_FILE_IO,  /* a read error: errno says which */
};

/* Start reading f. */
void line_file_init(struct line_file *lf, FILE *f, enum line_comment rule);

/* The next line that holds something: *text (NUL-terminated, valid until the next
 * call) and *len, without comment and surrounding blanks; lf->line_no is its number. */
enum line_file_status line_file_next(struct line_file *lf, char **text, size_t *len);

/* Release the line buffer (not the FILE). */
void line_file_free(struct line_file *lf);

#endif
