/* forge_te — answer traceroute probes with forged ICMP time exceeded messages, for
 * the lab tests (tests/lab/test_traceroute_forge.sh). Not a product.
 *
 *   forge_te --from ADDR [--mode wire|stamp|exact|truncated] [--label N] [--only-ttl T]
 *            [--count N] [--seconds S]
 *
 * Runs in one lab namespace (the target's). Every IPv4 probe that arrives there (UDP,
 * ICMP echo request, TCP SYN; seen on a packet socket, before any firewall) is
 * answered with a time exceeded from ADDR (a raw IP_HDRINCL socket), quoting it:
 *   exact  as it arrived (a genuine-looking answer);
 *   wire   with the fields that tell probes apart changed: UDP destination port and
 *          checksum, ICMP sequence, TCP sequence, and the probe number in the payload
 *          (a probe that was never sent);
 *   stamp  with only the payload's nonce changed (TCP: the sequence's high half):
 *          identifying fields intact, stamp wrong;
 *   truncated  cut 6 bytes into the transport header (an ICMP probe's identifier is
 *          quoted, its sequence is not): too little to tell which probe it was.
 * --label N appends an RFC 4884 extension with an RFC 4950 MPLS label N (TC 5, S 1,
 * TTL 1), the quote padded to 128 bytes. --only-ttl T answers only probes arriving
 * with that TTL left. Prints "ready pid=P" once listening, one line per answer, and stops
 * after --count answers (default 100) or --seconds (default 20): bounded either way. */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "netdx/cli.h"
#include "netdx/icmp.h"

enum mode {
	MODE_EXACT,
	MODE_WIRE,
	MODE_STAMP,
	MODE_TRUNCATED
};

#define TRUNCATED_L4 6 /* transport bytes a truncated quote keeps (a whole header is 8) */

/* What to forge. */
struct forge {
	enum mode mode;
	struct in_addr from; /* source of the forged answers */
	long label;          /* MPLS label, -1 for none */
	long only_ttl;       /* answer only probes with this TTL left, -1 for all */
	long count;          /* answers before stopping */
	long seconds;        /* run time before stopping */
};

/* put16
 * Big-endian store. */
static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* is_probe
 * A UDP datagram, ICMP echo request or TCP SYN of at least 8 transport bytes. */
static bool is_probe(const uint8_t *ip, size_t len)
{
	size_t hl = (size_t)(ip[0] & 0x0f) * 4;
	if (len < 20 || ip[0] >> 4 != 4 || hl < 20 || len < hl + 8)
		return false;
	const uint8_t *t = ip + hl;
	switch (ip[9]) {
	case IPPROTO_UDP:
		return true;
	case IPPROTO_ICMP:
		return t[0] == 8;
	case IPPROTO_TCP:
		return len >= hl + 14 && (t[13] & 0x12) == 0x02;
	default:
		return false;
	}
}

/* alter
 * Change the quoted probe q (IP header first) as the mode says. */
static void alter(enum mode mode, uint8_t *q, size_t len)
{
	size_t hl = (size_t)(q[0] & 0x0f) * 4;
	uint8_t *t = q + hl, *payload = t + 8;
	if (mode == MODE_EXACT || mode == MODE_TRUNCATED)
		return;
	size_t plen = len - hl - 8;
	if (q[9] == IPPROTO_TCP) {
		t[mode == MODE_WIRE ? 7 : 4] ^= 0x40; /* sequence: low half, or high half */
		return;
	}
	if (mode == MODE_WIRE) {
		if (q[9] == IPPROTO_UDP) {
			t[2] ^= 0x40; /* destination port */
			t[6] ^= 0x55; /* checksum */
		} else {
			t[6] ^= 0x40; /* echo sequence */
		}
		for (size_t i = 8; i < 16 && i < plen; i++)
			payload[i] ^= 0xff; /* the probe number in the stamp */
	} else {
		for (size_t i = 0; i < 8 && i < plen; i++)
			payload[i] ^= 0xff; /* the stamp's nonce */
	}
}

/* answer
 * Send the forged time exceeded about probe ip (len bytes) to its source. */
static bool answer(int out, const struct forge *f, const uint8_t *ip, size_t len)
{
	uint8_t pkt[1200] = {0};
	uint8_t *icmp = pkt + 20;
	size_t hl = (size_t)(ip[0] & 0x0f) * 4;
	size_t qlen = f->mode == MODE_TRUNCATED ? hl + TRUNCATED_L4 : len > 548 ? 548 : len;
	memcpy(icmp + 8, ip, qlen);
	icmp[8 + 8] = 1; /* the TTL a router quotes: the probe's last */
	alter(f->mode, icmp + 8, qlen);
	put16(icmp + 8 + 10, 0);
	put16(icmp + 8 + 10, icmp_checksum(icmp + 8, hl));
	icmp[0] = 11;
	size_t mlen = 8 + qlen;
	if (f->label >= 0) {
		if (qlen < 128)
			mlen = 8 + 128;
		icmp[5] = (uint8_t)((mlen - 8) / 4);
		uint8_t *ext = icmp + mlen;
		ext[0] = 0x20;
		put16(ext + 4, 8);
		ext[6] = 1;
		ext[7] = 1;
		uint32_t e = (uint32_t)f->label << 12 | 5u << 9 | 1u << 8 | 1;
		put16(ext + 8, (uint16_t)(e >> 16));
		put16(ext + 10, (uint16_t)e);
		put16(ext + 2, icmp_checksum(ext, 12));
		mlen += 12;
	}
	put16(icmp + 2, icmp_checksum(icmp, mlen));
	pkt[0] = 0x45;
	put16(pkt + 2, (uint16_t)(20 + mlen));
	pkt[8] = 64;
	pkt[9] = IPPROTO_ICMP;
	memcpy(pkt + 12, &f->from, 4);
	memcpy(pkt + 16, ip + 12, 4); /* back to the probe's source */
	struct sockaddr_in to = {.sin_family = AF_INET};
	memcpy(&to.sin_addr, ip + 12, 4);
	return sendto(out, pkt, 20 + mlen, 0, (struct sockaddr *)&to, sizeof(to)) ==
	       (ssize_t)(20 + mlen);
}

/* parse_args
 * The options above, or exit 2. */
static void parse_args(int argc, char **argv, struct forge *f)
{
	static const struct option opts[] = {
		{"from", required_argument, NULL, 'f'},
		{"mode", required_argument, NULL, 'm'},
		{"label", required_argument, NULL, 'l'},
		{"only-ttl", required_argument, NULL, 't'},
		{"count", required_argument, NULL, 'c'},
		{"seconds", required_argument, NULL, 's'},
		{NULL, 0, NULL, 0},
	};
	int o;
	bool from = false;
	*f = (struct forge){
		.mode = MODE_EXACT, .label = -1, .only_ttl = -1, .count = 100, .seconds = 20};
	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (o) {
		case 'f':
			from = inet_pton(AF_INET, optarg, &f->from) == 1;
			break;
		case 'm':
			if (!strcmp(optarg, "wire"))
				f->mode = MODE_WIRE;
			else if (!strcmp(optarg, "stamp"))
				f->mode = MODE_STAMP;
			else if (!strcmp(optarg, "truncated"))
				f->mode = MODE_TRUNCATED;
			else if (strcmp(optarg, "exact"))
				cli_die("--mode", "wire, stamp, exact or truncated: %s", optarg);
			break;
		case 'l':
			f->label = cli_long_or_die("label", optarg, 0, 0xfffff);
			break;
		case 't':
			f->only_ttl = cli_long_or_die("ttl", optarg, 0, 255);
			break;
		case 'c':
			f->count = cli_long_or_die("count", optarg, 1, 100000);
			break;
		case 's':
			f->seconds = cli_long_or_die("seconds", optarg, 1, 600);
			break;
		default:
			exit(2);
		}
	}
	if (!from || optind != argc)
		cli_die("usage",
			"forge_te --from IPV4 [--mode wire|stamp|exact|truncated] [--label N] "
			"[--only-ttl T] [--count N] [--seconds S]");
}

int main(int argc, char **argv)
{
	struct forge f;
	parse_args(argc, argv, &f);
	int in = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_IP));
	int out = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	if (in < 0 || out < 0)
		cli_die("socket", "%s", strerror(errno));
	printf("ready pid=%d\n", (int)getpid());
	fflush(stdout);
	time_t stop = time(NULL) + f.seconds;
	long sent = 0;
	uint8_t buf[2048];
	while (sent < f.count && time(NULL) < stop) {
		struct pollfd p = {.fd = in, .events = POLLIN};
		if (poll(&p, 1, 200) <= 0)
			continue;
		struct sockaddr_ll ll;
		socklen_t ll_len = sizeof(ll);
		ssize_t n = recvfrom(in, buf, sizeof(buf), 0, (struct sockaddr *)&ll, &ll_len);
		if (n <= 0 || ll.sll_pkttype == PACKET_OUTGOING || !is_probe(buf, (size_t)n))
			continue;
		if (f.only_ttl >= 0 && buf[8] != f.only_ttl)
			continue;
		if (answer(out, &f, buf, (size_t)n)) {
			sent++;
			printf("forged ttl=%u proto=%u\n", buf[8], buf[9]);
			fflush(stdout);
		}
	}
	printf("done forged=%ld\n", sent);
	return 0;
}
