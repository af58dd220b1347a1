/* target_list — what a target argument or a --targets file says, before anything is
 * resolved.
 *
 * A target is an address literal ("10.0.0.1", "::1", "fe80::1%eth0"), a CIDR block
 * ("10.0.0.0/24", from addr_cidr_parse: counted, never expanded) or a host name. A host
 * name is checked for syntax only: no control characters (C0, DEL, or C1 written in
 * UTF-8) and no blanks, well-formed UTF-8 (IDN names are written in UTF-8), at most 253
 * bytes without a final dot, labels of 1 to 63 bytes (counted as written: a name the
 * resolver turns into its xn-- form may still be too long for DNS).
 *
 * A targets file holds one target per line. Blank lines and text from '#' on are
 * skipped; blanks around a target, a CR before the LF and a UTF-8 byte order mark at
 * the start of the file are stripped. A bad line is reported with its number and the
 * reason, and reading may go on with the next line.
 *
 * Nothing here exits, resolves a name or allocates per host of a block; the only
 * allocation is the line buffer of a file (getline). */
#ifndef NETDX_TARGET_LIST_H
#define NETDX_TARGET_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "netdx/addr.h"
#include "netdx/line_file.h"

#define TARGET_NAME_MAX 253 /* bytes of a host name without its final dot */
#define TARGET_LABEL_MAX 63 /* bytes of one label */
#define TARGET_TEXT_MAX 128 /* room for a target quoted in an error, with the NUL */

/* What a target is. */
enum target_kind {
	TARGET_LITERAL, /* an address: addr */
	TARGET_BLOCK,   /* a CIDR block: block */
	TARGET_NAME,    /* a host name for the resolver */
};

/* One target. */
struct target_entry {
	enum target_kind kind;  /* which of the three */
	const char *text;       /* as written, blanks and comment removed; NUL-terminated.
				 * From a file: valid until the next target_list_next() */
	size_t len;             /* strlen(text) */
	struct netdx_addr addr; /* TARGET_LITERAL: the address */
	struct addr_cidr block; /* TARGET_BLOCK: base, prefix and host count */
};

/* Why a target was refused. */
struct target_error {
	unsigned long line;         /* 1-based line of the file; 0 for a single target */
	char text[TARGET_TEXT_MAX]; /* the target, safe to print: control characters, invalid
				     * UTF-8 and backslashes as \xHH and \\, cut with "..." */
	const char *why;            /* static text: "empty label", "prefix length out of
				     * range", "control character" ... */
};

/* Classify one target: s holds len bytes followed by a NUL (a NUL among the len bytes
 * is a control character). NETDX_OK with *out filled; NETDX_E_INVALID with *out zeroed
 * and *err (line 0) saying why (the why of netdx/status.h, with the target quoted).
 * out->text is s. */
enum netdx_status target_list_parse(const char *s, size_t len, struct target_entry *out,
				    struct target_error *err);

/* A targets file being read. */
struct target_list {
	struct line_file lines; /* lines.line_no: the line last read */
};

/* What target_list_next() found. */
enum target_list_status {
	TARGET_LIST_OK,  /* a target: *out */
	TARGET_LIST_END, /* end of the file */
	TARGET_LIST_BAD, /* a line that is not a target: *err (line set); reading may go on */
	TARGET_LIST_IO,  /* a read error: errno says which */
};

/* Start reading f. */
void target_list_init(struct target_list *l, FILE *f);

/* The next target of the file, skipping blank and comment lines. */
enum target_list_status target_list_next(struct target_list *l, struct target_entry *out,
					 struct target_error *err);

/* Release the line buffer (not the FILE). */
void target_list_free(struct target_list *l);

#endif
