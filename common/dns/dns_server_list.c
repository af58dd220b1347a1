/* dns_server_list.c — HOST[#PORT] servers, alone or one per line of a file. */
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "netdx/dns_server_list.h"
#include "netdx/target_list.h"

/* dns_server_quote
 * Printable ASCII as it is, other bytes as \xHH, cut with "..." when it does not fit. */
void dns_server_quote(const char *s, size_t len, char *buf, size_t cap)
{
	static const char hex[] = "0123456789abcdef";
	size_t at = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		size_t need = c >= 0x20 && c < 0x7f && c != '\\' ? 1 : c == '\\' ? 2 : 4;
		if (at + need + 4 > cap) {
			memcpy(buf + at, "...", 3);
			at += 3;
			break;
		}
		if (need == 1) {
			buf[at++] = (char)c;
		} else if (need == 2) {
			buf[at++] = '\\';
			buf[at++] = '\\';
		} else {
			buf[at++] = '\\';
			buf[at++] = 'x';
			buf[at++] = hex[c >> 4];
			buf[at++] = hex[c & 15];
		}
	}
	buf[at] = '\0';
}

/* server_fail
 * Refuse s with why; false. */
static bool server_fail(const char *s, size_t len, const char *why, struct dns_server_error *err)
{
	*err = (struct dns_server_error){.why = why};
	dns_server_quote(s, len, err->text, sizeof(err->text));
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

/* server_strip
 * The line without its comment, blanks and line end; *len its length. */
static char *server_strip(char *line, size_t n, size_t *len)
{
	size_t start = 0;

	for (size_t i = 0; i < n; i++)
		if (line[i] == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) {
			n = i;
			break;
		}
	while (n > 0 && strchr(" \t\r\n", line[n - 1]) && line[n - 1] != '\0')
		n--;
	while (start < n && (line[start] == ' ' || line[start] == '\t'))
		start++;
	line[n] = '\0';
	*len = n - start;
	return line + start;
}

void dns_server_file_init(struct dns_server_file *sf, FILE *f, uint16_t default_port)
{
	*sf = (struct dns_server_file){.f = f, .default_port = default_port};
}

enum dns_server_file_status dns_server_file_next(struct dns_server_file *sf,
						 struct dns_server_spec *out,
						 struct dns_server_error *err)
{
	static const char bom[] = "\xef\xbb\xbf";

	for (;;) {
		ssize_t got = getline(&sf->line, &sf->cap, sf->f);
		if (got < 0)
			return feof(sf->f) && !ferror(sf->f) ? DNS_SERVER_FILE_END
							     : DNS_SERVER_FILE_IO;
		sf->line_no++;
		char *line = sf->line;
		size_t n = (size_t)got, len;
		if (sf->line_no == 1 && n >= 3 && memcmp(line, bom, 3) == 0) {
			line += 3;
			n -= 3;
		}
		char *s = server_strip(line, n, &len);
		if (len == 0)
			continue;
		if (dns_server_parse(s, len, sf->default_port, out, err))
			return DNS_SERVER_FILE_OK;
		err->line = sf->line_no;
		return DNS_SERVER_FILE_BAD;
	}
}

void dns_server_file_free(struct dns_server_file *sf)
{
	free(sf->line);
	*sf = (struct dns_server_file){0};
}
