/* dns_server_list — a DNS server as a user writes it, HOST[#PORT], checked for syntax
 * before anything is resolved: HOST an address literal or a host name (the syntax of
 * target_list.h: no blanks, no control characters, labels of 1 to 63 bytes; CIDR
 * blocks are refused), PORT 1 to 65535. A file of them is read by line_file.h with
 * LINE_COMMENT_BLANK_HASH, so "10.0.0.1  # office" has a comment and "10.0.0.1#5353"
 * a port. */
#ifndef NETDX_DNS_SERVER_LIST_H
#define NETDX_DNS_SERVER_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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
	char text[DNS_SERVER_TEXT_MAX]; /* the server as written, safe to print (see
					 * netdx/text_safe.h) */
	const char *why;                /* static text */
};

/* Parse one server: s holds len bytes (a NUL among them is a control character).
 * True with *out filled (port default_port without #PORT), or false with *err. */
bool dns_server_parse(const char *s, size_t len, uint16_t default_port, struct dns_server_spec *out,
		      struct dns_server_error *err);

#endif
