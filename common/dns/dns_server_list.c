/* dns_server_list.c — HOST[#PORT] servers, alone or one per line of a file. */
#include <string.h>

#include "netdx/dns_server_list.h"
#include "netdx/target_list.h"
#include "netdx/text_safe.h"

/* server_fail
 * Refuse s with why; false. */
static bool server_fail(const char *s, size_t len, const char *why, struct dns_server_error *err)
{
	*err = (struct dns_server_error){.why = why};
	text_quote(err->text, sizeof(err->text), s, len);
	return false;
}

/* server_port
 * PORT's digits: 1 to 65535. */
static bool server_port(const char *p, size_t len, uint16_t *out, const char **why)
{
	unsigned long v = 0;

	if (len == 0) {
		*why = "no port after '#'";
		return false;
	}
	for (size_t i = 0; i < len; i++) {
		if (p[i] < '0' || p[i] > '9') {
			*why = "the port is not a number";
			return false;
		}
		v = v * 10 + (unsigned long)(p[i] - '0');
		if (v > 65535) {
			*why = "port out of range (1 to 65535)";
			return false;
		}
	}
	if (v == 0) {
		*why = "port out of range (1 to 65535)";
		return false;
	}
	*out = (uint16_t)v;
	return true;
}

bool dns_server_parse(const char *s, size_t len, uint16_t default_port, struct dns_server_spec *out,
		      struct dns_server_error *err)
{
	const char *hash = memchr(s, '#', len);
	size_t hlen = hash ? (size_t)(hash - s) : len;
	struct target_entry e;
	struct target_error terr;
	const char *why;
	char host[DNS_SERVER_HOST_MAX];

	*out = (struct dns_server_spec){.port = default_port};
	if (hlen == 0)
		return server_fail(s, len, hash ? "no host before '#'" : "empty server", err);
	if (hlen >= sizeof(host))
		return server_fail(s, len, "name too long", err);
	if (hash && !server_port(hash + 1, len - hlen - 1, &out->port, &why))
		return server_fail(s, len, why, err);
	memcpy(host, s, hlen);
	host[hlen] = '\0';
	if (target_list_parse(host, hlen, &e, &terr) != NETDX_OK)
		return server_fail(s, len, terr.why, err);
	if (e.kind == TARGET_BLOCK)
		return server_fail(s, len, "an address block is not a server", err);
	memcpy(out->host, host, hlen + 1);
	out->literal = e.kind == TARGET_LITERAL;
	return true;
}

void dns_server_file_init(struct dns_server_file *sf, FILE *f, uint16_t default_port)
{
	line_file_init(&sf->lines, f, LINE_COMMENT_BLANK_HASH);
	sf->default_port = default_port;
}

enum dns_server_file_status dns_server_file_next(struct dns_server_file *sf,
						 struct dns_server_spec *out,
						 struct dns_server_error *err)
{
	char *s;
	size_t len;

	switch (line_file_next(&sf->lines, &s, &len)) {
	case LINE_FILE_END:
		return DNS_SERVER_FILE_END;
	case LINE_FILE_IO:
		return DNS_SERVER_FILE_IO;
	case LINE_FILE_OK:
		break;
	}
	if (dns_server_parse(s, len, sf->default_port, out, err))
		return DNS_SERVER_FILE_OK;
	err->line = sf->lines.line_no;
	return DNS_SERVER_FILE_BAD;
}

void dns_server_file_free(struct dns_server_file *sf)
{
	line_file_free(&sf->lines);
}
