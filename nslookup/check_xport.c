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
static void xport_udp(struct dns_query_opts *o, const struct chk_https *h)
{
	(void)h;
	o->tcp = false;
}

/* xport_tcp
 * TCP: a connection of its own per query, as dnseval and dnsping -T make. */
static void xport_tcp(struct dns_query_opts *o, const struct chk_https *h)
{
	(void)h;
	o->tcp = true;
}

/* xport_https
 * DNS over HTTPS: a POST to the server's URL, on the URL's port, over a connection
 * shared by the server's queries (HTTP/2 streams), as a DoH client keeps one (dnsdiag's
 * -H makes one per query: its latency includes the TCP and TLS handshakes each time). */
static void xport_https(struct dns_query_opts *o, const struct chk_https *h)
{
	o->https = h->ctx;
	o->https_url = h->url;
	addr_set_port(&o->server, h->url->port);
}

static const struct chk_xport_desc xports[CHK_XPORTS] = {
	[CHK_X_UDP] = {"udp", "UDP", false, xport_udp},
	[CHK_X_TCP] = {"tcp", "TCP", false, xport_tcp},
	[CHK_X_HTTPS] = {"https", "HTTPS", true, xport_https},
};

struct dns_https *chk_xport_https_or_die(struct loop *loop, const struct dns_https_tls *tls)
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
