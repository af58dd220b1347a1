/* dns_server_list — DNS servers as a user writes them, on the command line or one per
 * line of a file, checked for syntax before anything is resolved.
 *
 * A server is HOST[#PORT]: HOST an address literal or a host name (the syntax of
 * target_list.h: no blanks, no control characters, labels of 1 to 63 bytes; CIDR
 * blocks are refused), PORT 1 to 65535.
 *
 * A server file holds one server per line. Blank lines are skipped, and so is the text
 * from a '#' that opens the line or follows a blank ("10.0.0.1  # office"); a '#' glued
 * to the host is its port ("10.0.0.1#5353"). Blanks around a server, a CR before the
 * LF and a UTF-8 byte order mark at the start of the file are stripped. A bad line is
 * reported with its number and why; reading may go on with the next line. */
#ifndef NETDX_DNS_SERVER_LIST_H
#define NETDX_DNS_SERVER_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "netdx/line_file.h"

#define DNS_SERVER_HOST_MAX 254 /* a host name of 253 bytes, and the NUL */
#define DNS_SERVER_TEXT_MAX 128 /* room for a server quoted in an error, with the NUL */

/* One server. */
struct dns_server_spec {
	char host[DNS_SERVER_HOST_MAX]; /* the address literal or the name */
	bool literal;                   /* host is an address literal */
	uint16_t port;                  /* from #PORT, else the default asked for */
};

/* Why a server was refused. */
struct dns_server_error {
	unsigned long line;             /* 1-based line of the file; 0 for a single server */
	char text[DNS_SERVER_TEXT_MAX]; /* the server as written, safe to print (see
					 * netdx/text_safe.h) */
	const char *why;                /* static text */
};

/* Parse one server: s holds len bytes (a NUL among them is a control character).
 * True with *out filled (port default_port without #PORT), or false with *err (line 0). */
bool dns_server_parse(const char *s, size_t len, uint16_t default_port, struct dns_server_spec *out,
		      struct dns_server_error *err);

/* A server file being read. */
struct dns_server_file {
	struct line_file lines; /* lines.line_no: the line last read */
	uint16_t default_port;  /* for servers without #PORT */
};

/* What dns_server_file_next() found. */
enum dns_server_file_status {
	DNS_SERVER_FILE_OK,  /* a server: *out */
	DNS_SERVER_FILE_END, /* end of the file */
	DNS_SERVER_FILE_BAD, /* a line that is not a server: *err (line set) */
	DNS_SERVER_FILE_IO,  /* a read error: errno says which */
};

/* Start reading f. */
void dns_server_file_init(struct dns_server_file *sf, FILE *f, uint16_t default_port);

/* The next server of the file, or why the next line holds none. */
enum dns_server_file_status dns_server_file_next(struct dns_server_file *sf,
						 struct dns_server_spec *out,
						 struct dns_server_error *err);

/* The line buffer goes; the FILE stays the caller's. */
void dns_server_file_free(struct dns_server_file *sf);

#endif
