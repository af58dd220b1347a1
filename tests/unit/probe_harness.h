/* probe_harness.h — what the probe-method suites (test_probe_udp.c, test_probe_tcp.c,
 * test_probe_raw.c) share: run an engine until every probe is answered or timed out
 * and keep each result; sniff our own probes on loopback; forge ICMP errors about
 * them. The suites run inside tests/netns_run.sh's throw-away namespace, as root. */
#ifndef NETDX_TESTS_PROBE_HARNESS_H
#define NETDX_TESTS_PROBE_HARNESS_H

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "netdx/icmp.h"
#include "netdx/priv.h"
#include "netdx/probe.h"
#include "unit.h"

#define H_MAX_RESULTS 64

/* One result, copied out of the callback. */
struct h_result {
	enum probe_event event;
	uint64_t number;
	int type, code;         /* -1 without a message */
	char from[ADDR_STRLEN]; /* "" when empty (a local error) */
	uint32_t mtu;
	size_t n_mpls;
	uint32_t label0;
	uint8_t tcp_flags;
	size_t bytes;
	int reply_ttl;
};

/* What a run saw. */
struct h_run {
	struct loop *loop;
	struct probe_engine *e;
	int n;         /* results */
	int events[5]; /* per enum probe_event */
	struct h_result r[H_MAX_RESULTS];
};

/* h_on_result
 * Keep the result; stop once the engine is idle. */
static inline void h_on_result(void *arg, const struct probe_result *res)
{
	struct h_run *run = arg;
	run->events[res->event]++;
	if (run->n < H_MAX_RESULTS) {
		struct h_result *h = &run->r[run->n];
		memset(h, 0, sizeof(*h));
		h->event = res->event;
		h->number = res->number;
		h->type = res->msg ? res->msg->type : -1;
		h->code = res->msg ? res->msg->code : -1;
		if (res->from.len)
			addr_to_str(&res->from, h->from, sizeof(h->from));
		h->mtu = res->msg ? res->msg->mtu : 0;
		h->n_mpls = res->msg ? res->msg->n_mpls : 0;
		h->label0 = h->n_mpls ? res->msg->mpls[0].label : 0;
		h->tcp_flags = res->tcp_flags;
		h->bytes = res->bytes;
		h->reply_ttl = res->reply_ttl;
	}
	run->n++;
	if (probe_engine_idle(run->e))
		loop_stop(run->loop);
}

/* h_addr
 * A literal as an address (fatal if it does not parse). */
static inline struct netdx_addr h_addr(const char *text)
{
	struct netdx_addr a;
	CU_ASSERT_FATAL(addr_parse_literal(text, AF_UNSPEC, &a));
	return a;
}

/* h_open
 * A fresh loop and engine for cfg; CU-fatal when the engine does not open. */
static inline void h_open(struct h_run *run, struct probe_config *cfg)
{
	const char *why;
	memset(run, 0, sizeof(*run));
	if (!cfg->timeout_ns)
		cfg->timeout_ns = 300000000;
	run->loop = loop_new();
	if (probe_engine_new(run->loop, cfg, h_on_result, run, &run->e, &why) != NETDX_OK)
		fprintf(stderr, "engine: %s\n", why);
	CU_ASSERT_PTR_NOT_NULL_FATAL(run->e);
}

/* h_finish
 * Run until idle, then free the engine and loop. */
static inline void h_finish(struct h_run *run)
{
	if (!probe_engine_idle(run->e))
		loop_run(run->loop);
	probe_engine_free(run->e);
	loop_free(run->loop);
}

/* h_count
 * Results of one event whose type is type (-2: any). */
static inline int h_count(const struct h_run *run, enum probe_event ev, int type)
{
	int n = 0;
	for (int i = 0; i < run->n && i < H_MAX_RESULTS; i++)
		n += run->r[i].event == ev && (type == -2 || run->r[i].type == type);
	return n;
}

/* h_sniffer
 * A raw socket of protocol proto that sees every such packet arriving (on loopback:
 * our own probes), non-blocking. */
static inline int h_sniffer(int family, int proto)
{
	priv_raise_net_raw(); /* an engine's raw socket left it permitted, not effective */
	int fd = socket(family, SOCK_RAW | SOCK_NONBLOCK, proto);
	CU_ASSERT_FATAL(fd >= 0);
	return fd;
}

/* h_sniff
 * The next packet the sniffer holds, transport header first (IPv4's IP header is
 * skipped; *ip gets it when not NULL); 0 when none. */
static inline size_t h_sniff(int fd, int family, uint8_t *buf, size_t cap, uint8_t *ip,
			     size_t *ip_len)
{
	uint8_t raw[70000];
	ssize_t n = recv(fd, raw, sizeof(raw), 0);
	if (n <= 0)
		return 0;
	size_t off = family == AF_INET ? (size_t)(raw[0] & 0x0f) * 4 : 0;
	if (ip && ip_len) {
		*ip_len = off;
		memcpy(ip, raw, off);
	}
	size_t len = (size_t)n - off < cap ? (size_t)n - off : cap;
	memcpy(buf, raw + off, len);
	return len;
}

/* h_put16
 * Big-endian store. */
static inline void h_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* h_forge_v4
 * Send to 127.0.0.1, from from4, an ICMPv4 error (type, code) quoting the datagram
 * quote (its IPv4 header first) of quote_len bytes. With a label, the quote is padded
 * to 128 bytes and an RFC 4884/4950 extension with that one MPLS label follows. */
static inline void h_forge_v4(const char *from4, uint8_t type, uint8_t code, const uint8_t *quote,
			      size_t quote_len, uint32_t label)
{
	uint8_t pkt[1024] = {0};
	size_t qlen = quote_len > 512 ? 512 : quote_len;
	uint8_t *icmp = pkt + 20;
	icmp[0] = type;
	icmp[1] = code;
	memcpy(icmp + 8, quote, qlen);
	size_t len = 8 + qlen;
	if (label) {
		if (qlen < 128)
			len = 8 + 128;
		icmp[5] = (uint8_t)((len - 8) / 4); /* RFC 4884 length, 32-bit words */
		uint8_t *ext = icmp + len;
		ext[0] = 0x20;       /* version 2 */
		h_put16(ext + 4, 8); /* object: length 8, class 1, c-type 1 */
		ext[6] = 1;
		ext[7] = 1;
		uint32_t entry = label << 12 | 1u << 8 | 1; /* TC 0, S 1, TTL 1 */
		ext[8] = (uint8_t)(entry >> 24);
		ext[9] = (uint8_t)(entry >> 16);
		ext[10] = (uint8_t)(entry >> 8);
		ext[11] = (uint8_t)entry;
		h_put16(ext + 2, icmp_checksum(ext, 12));
		len += 12;
	}
	h_put16(icmp + 2, icmp_checksum(icmp, len));
	pkt[0] = 0x45;
	h_put16(pkt + 2, (uint16_t)(20 + len));
	pkt[8] = 64;
	pkt[9] = IPPROTO_ICMP;
	inet_pton(AF_INET, from4, pkt + 12);
	inet_pton(AF_INET, "127.0.0.1", pkt + 16);
	priv_raise_net_raw();
	int fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	CU_ASSERT_FATAL(fd >= 0);
	struct sockaddr_in to = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(0x7f000001)};
	CU_ASSERT(sendto(fd, pkt, 20 + len, 0, (struct sockaddr *)&to, sizeof(to)) ==
		  (ssize_t)(20 + len));
	close(fd);
}

#endif
