/* forge_icmp — answers echo requests with forged echo replies, for ping's lab tests
 * (a test helper, not a product). Run it in the target's namespace, with the kernel's
 * own echo replies switched off there (net.ipv4.icmp_echo_ignore_all=1), and a ping
 * must count none of the forgeries:
 *
 *   forge_icmp [-6] --client ADDR --modes LIST [--count N] [--timeout SECONDS]
 *
 * For each echo request from ADDR it sends one reply per mode in LIST (comma separated,
 * in that order, so forgeries can come before or after the genuine echo):
 *   echo           an exact echo (the control: a genuine answer, ping counts it)
 *   wrong-id       the identifier plus one
 *   wrong-seq      the sequence plus 1000
 *   wrong-payload  identifier and sequence right, the first 16 data bytes inverted
 *   truncated      identifier and sequence right, the data cut to its first 4 bytes
 *                  (shorter than ping's 16-byte stamp)
 *   oversized      identifier, sequence and the whole data right, then 1000 bytes more
 *                  (longer than the request: not an echo of it)
 * It prints "ready" once listening and "forged N" (replies sent) when it stops: after
 * --count requests (default 10) or --timeout seconds (default 10), whichever is first. */
#include <errno.h>
#include <getopt.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "netdx/addr.h"
#include "netdx/cli.h"
#include "netdx/icmp.h"

enum forge_mode {
	MODE_ECHO = 1,
	MODE_WRONG_ID = 2,
	MODE_WRONG_SEQ = 4,
	MODE_WRONG_PAYLOAD = 8,
	MODE_TRUNCATED = 16,
	MODE_OVERSIZED = 32,
};

#define TRUNCATED_DATA 4     /* data bytes a truncated reply keeps */
#define OVERSIZED_EXTRA 1000 /* bytes an oversized reply adds after the echoed data */

/* What the run was asked to do. */
struct forge {
	int family;               /* AF_INET or AF_INET6 */
	struct netdx_addr client; /* whose requests to answer */
	unsigned modes[8];        /* enum forge_mode, in the order to send */
	size_t n_modes;           /* how many */
	long count;               /* requests to answer */
	long timeout_s;           /* give up after this long */
	int fd;                   /* raw ICMP socket */
	long sent;                /* forged replies sent */
};

/* parse_modes
 * "wrong-id,echo" -> the modes in order; exits on an unknown word. */
static void parse_modes(char *list, struct forge *f)
{
	static const struct {
		const char *word;
		enum forge_mode mode;
	} words[] = {{"echo", MODE_ECHO},           {"wrong-id", MODE_WRONG_ID},
		     {"wrong-seq", MODE_WRONG_SEQ}, {"wrong-payload", MODE_WRONG_PAYLOAD},
		     {"truncated", MODE_TRUNCATED}, {"oversized", MODE_OVERSIZED}};
	f->n_modes = 0;
	for (char *w = strtok(list, ","); w; w = strtok(NULL, ",")) {
		size_t i = 0;
		while (i < sizeof(words) / sizeof(words[0]) && strcmp(w, words[i].word) != 0)
			i++;
		if (i == sizeof(words) / sizeof(words[0]))
			cli_die("--modes", "unknown mode '%s'", w);
		if (f->n_modes == sizeof(f->modes) / sizeof(f->modes[0]))
			cli_die("--modes", "too many");
		f->modes[f->n_modes++] = words[i].mode;
	}
}

/* put16
 * Store a 16-bit value big-endian. */
static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* send_reply
 * One reply built from the request's ICMP bytes, altered as mode says. */
static void send_reply(struct forge *f, const uint8_t *req, size_t len, unsigned mode)
{
	uint8_t pkt[2048 + OVERSIZED_EXTRA];
	if (len > sizeof(pkt) - OVERSIZED_EXTRA || len < 8)
		return;
	memcpy(pkt, req, len);
	pkt[0] = f->family == AF_INET ? ICMP4_ECHO_REPLY : ICMP6_ECHO_REPLY_T;
	pkt[1] = 0;
	uint16_t id = (uint16_t)(req[4] << 8 | req[5]), seq = (uint16_t)(req[6] << 8 | req[7]);
	if (mode == MODE_WRONG_ID)
		put16(pkt + 4, (uint16_t)(id + 1));
	if (mode == MODE_WRONG_SEQ)
		put16(pkt + 6, (uint16_t)(seq + 1000));
	if (mode == MODE_WRONG_PAYLOAD)
		for (size_t i = 8; i < len && i < 8 + 16; i++)
			pkt[i] = (uint8_t)~pkt[i];
	if (mode == MODE_TRUNCATED && len > 8 + TRUNCATED_DATA)
		len = 8 + TRUNCATED_DATA;
	if (mode == MODE_OVERSIZED) {
		memset(pkt + len, 0xa5, OVERSIZED_EXTRA);
		len += OVERSIZED_EXTRA;
	}
	put16(pkt + 2, 0);
	if (f->family == AF_INET) /* the kernel sums ICMPv6 itself */
		put16(pkt + 2, icmp_checksum(pkt, len));
	if (sendto(f->fd, pkt, len, 0, (struct sockaddr *)&f->client.ss, f->client.len) ==
	    (ssize_t)len)
		f->sent++;
}

/* handle
 * A packet from the raw socket: an echo request from the client gets its replies. */
static bool handle(struct forge *f, const uint8_t *buf, size_t n, const struct netdx_addr *from)
{
	const uint8_t *icmp = buf;
	if (f->family == AF_INET) {
		if (n < 20 || (buf[0] >> 4) != 4)
			return false;
		size_t ihl = (size_t)(buf[0] & 15) * 4;
		if (n < ihl + 8)
			return false;
		icmp = buf + ihl;
		n -= ihl;
	}
	uint8_t want = f->family == AF_INET ? ICMP4_ECHO_REQUEST : ICMP6_ECHO_REQUEST_T;
	if (n < 8 || icmp[0] != want || !addr_equal(from, &f->client))
		return false;
	for (size_t i = 0; i < f->n_modes; i++)
		send_reply(f, icmp, n, f->modes[i]);
	return true;
}

/* main
 * Parse, open the raw socket, answer requests until --count or --timeout. */
int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"client", required_argument, NULL, 'c'},
		{"modes", required_argument, NULL, 'm'},
		{"count", required_argument, NULL, 'n'},
		{"timeout", required_argument, NULL, 't'},
		{NULL, 0, NULL, 0},
	};
	struct forge f = {.family = AF_INET, .count = 10, .timeout_s = 10, .fd = -1};
	const char *client = NULL;
	int opt;
	while ((opt = getopt_long(argc, argv, "6", longopts, NULL)) != -1) {
		switch (opt) {
		case '6':
			f.family = AF_INET6;
			break;
		case 'c':
			client = optarg;
			break;
		case 'm':
			parse_modes(optarg, &f);
			break;
		case 'n':
			f.count = cli_long_or_die("count", optarg, 1, 100000);
			break;
		case 't':
			f.timeout_s = cli_long_or_die("timeout", optarg, 1, 600);
			break;
		default:
			return CLI_EXIT_ERROR;
		}
	}
	if (!client || !f.n_modes || optind != argc)
		cli_die("usage",
			"forge_icmp [-6] --client ADDR --modes LIST [--count N] [--timeout S]");
	if (!addr_parse_literal(client, f.family, &f.client))
		cli_die(client, "not an address of the chosen family");
	f.fd = socket(f.family, SOCK_RAW, f.family == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6);
	if (f.fd < 0)
		cli_die("socket", "%s", strerror(errno));
	if (f.family == AF_INET6) {
		struct icmp6_filter filt;
		ICMP6_FILTER_SETBLOCKALL(&filt);
		ICMP6_FILTER_SETPASS(ICMP6_ECHO_REQUEST, &filt);
		setsockopt(f.fd, IPPROTO_ICMPV6, ICMP6_FILTER, &filt, sizeof(filt));
	}
	printf("ready\n");
	fflush(stdout);
	time_t end = time(NULL) + f.timeout_s;
	long answered = 0;
	while (answered < f.count && time(NULL) < end) {
		struct pollfd p = {.fd = f.fd, .events = POLLIN};
		if (poll(&p, 1, 200) <= 0)
			continue;
		uint8_t buf[4096];
		struct netdx_addr from = {.len = sizeof(from.ss)};
		ssize_t n =
			recvfrom(f.fd, buf, sizeof(buf), 0, (struct sockaddr *)&from.ss, &from.len);
		if (n > 0 && handle(&f, buf, (size_t)n, &from))
			answered++;
	}
	printf("forged %ld\n", f.sent);
	return 0;
}
