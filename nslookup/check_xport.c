/* check_xport.c — the transports the checker measures latency over, one table entry
 * each: its name and how a query is set up to use it. */
#include <stdio.h>
#include <errno.h>
#include <string.h>

#include "netdx/cli.h"
#include "netdx/dns_msg.h"
#include "netdx/dns_query.h"
#include "check.h"

/* xport_udp
 * UDP: dns_query's default, no fallback to TCP (a truncated answer is an answer). */
static void xport_udp(struct dns_query_opts *o, const struct chk_at *at)
{
	(void)at;
	o->tcp = false;
}

/* xport_tcp
 * TCP: a connection of its own per query, as dnseval and dnsping -T make. */
static void xport_tcp(struct dns_query_opts *o, const struct chk_at *at)
{
	(void)at;
	o->tcp = true;
}

/* xport_tls
 * TLS (RFC 7858): a connection and a handshake of its own per query, as dnsping and
 * dnseval --tls make, to the server's TLS port, its certificate checked. */
static void xport_tls(struct dns_query_opts *o, const struct chk_at *at)
{
	o->tcp = true;
	o->stream = at->tls->layer;
	o->stream_name = at->tls->name[0] ? at->tls->name : NULL;
	addr_set_port(&o->server, at->tls->port);
}

/* xport_https
 * DNS over HTTPS: a POST to the server's URL, on the URL's port, over a connection
 * shared by the server's queries (HTTP/2 streams), as a DoH client keeps one (dnsdiag's
 * -H makes one per query: its latency includes the TCP and TLS handshakes each time). */
static void xport_https(struct dns_query_opts *o, const struct chk_at *at)
{
	o->https = at->https->ctx;
	o->https_url = at->https->url;
	addr_set_port(&o->server, at->https->url->port);
}

static const struct chk_xport_desc xports[CHK_XPORTS] = {
	[CHK_X_UDP] = {"udp", "UDP", xport_udp},
	[CHK_X_TCP] = {"tcp", "TCP", xport_tcp},
	[CHK_X_TLS] = {"tls", "TLS", xport_tls},
	[CHK_X_HTTPS] = {"https", "HTTPS", xport_https},
};

struct dns_https *chk_xport_https_or_die(struct loop *loop, const struct dns_tls_config *tls)
{
	const char *why = NULL;
	struct dns_https *h = dns_https_new(loop, tls, &why);

	if (h == NULL)
		cli_die("https", "%s: %s", why, strerror(errno));
	return h;
}

const struct chk_xport_desc *chk_xport(enum chk_xport x)
{
	return &xports[x];
}

bool chk_xport_parse_list(char *list, bool on[CHK_XPORTS], const char **bad)
{
	char *save = NULL;

	for (char *w = strtok_r(list, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		size_t x = 0;
		while (x < CHK_XPORTS && strcmp(xports[x].name, w) != 0)
			x++;
		if (x == CHK_XPORTS) {
			*bad = w;
			return false;
		}
		on[x] = true;
	}
	return true;
}

void chk_xport_names(char *buf, size_t len)
{
	size_t at = 0;

	buf[0] = '\0';
	for (size_t x = 0; x < CHK_XPORTS && at < len; x++)
		at += (size_t)snprintf(buf + at, len - at, "%s%s", x ? ", " : "", xports[x].name);
}

const struct chk_flag chk_flags[CHK_N_FLAGS] = {
	{DNS_FLAG_QR, "QR"}, {DNS_FLAG_AA, "AA"}, {DNS_FLAG_TC, "TC"}, {DNS_FLAG_RD, "RD"},
	{DNS_FLAG_RA, "RA"}, {DNS_FLAG_AD, "AD"}, {DNS_FLAG_CD, "CD"}};

void chk_flags_text(int flags, bool only_set, char *buf, size_t len)
{
	size_t at = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < CHK_N_FLAGS && at < len; i++) {
		bool set = flags >= 0 && (flags & chk_flags[i].bit);
		if (only_set && !set)
			continue;
		at += (size_t)snprintf(buf + at, len - at, "%s%s", at ? " " : "",
				       set ? chk_flags[i].name : "--");
	}
}
