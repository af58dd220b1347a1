/* capture_seeds — write what a lab namespace receives as seeds for the fuzz harnesses
 * (tests/fuzz/capture_corpus.sh runs it in the client). Not a product.
 *
 *   capture_seeds --out DIR [--seconds S] [--count N]
 *
 * Reads every packet arriving in its namespace (a packet socket, before any firewall;
 * what the namespace sends itself is skipped) and writes, into the corpus directories
 * under DIR (they must exist), one file per shape of message, in each harness's input
 * format:
 *   icmp/lab-v4-11.0-udp      ICMP or ICMPv6 message: fuzz_icmp's selector byte (bit 0
 *   icmp/lab-v4-11.0-udp-ip   IPv6, bit 1 with the IP header), then the message, bare
 *                             as datagram sockets give it and with its IP header as raw
 *                             and packet sockets do;
 *   errqueue/lab-v4-11.0      an error quoting UDP, as the error queue hands it to a
 *                             UDP socket: fuzz_errqueue's selector (UDP, header put
 *                             back, as probe_udp.c asks), type, code, ee_info (the MTU
 *                             or the parameter-problem pointer) and what follows the
 *                             quoted UDP header, extensions included;
 *   dns_msg/lab-www-A-NOERROR-aa  a DNS answer over UDP from port 53, as received.
 * The shape is the family, type and code, the quoted protocol and whether extensions
 * and MPLS labels came with it (DNS: the first label of the name asked, query type, rcode, flags, EDNS), so a few dozen
 * files cover a run. A file that exists already is kept: running again adds only new
 * shapes. Prints "ready pid=P" once listening, one line per seed written, and stops
 * after --count packets (default 10000), --seconds (default 60) or SIGTERM. */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "netdx/cli.h"
#include "netdx/dns_msg.h"
#include "netdx/dns_type.h"
#include "netdx/icmp.h"

#define SEL_V6 1      /* fuzz_icmp / fuzz_errqueue selector: IPv6 */
#define SEL_IP 2      /* fuzz_icmp: the IP header comes first */
#define SEL_UDP_HDR 8 /* fuzz_errqueue: protocol UDP, its header put back */

/* What to capture and where seeds go. */
struct capture {
	const char *out; /* corpus root */
	long seconds;    /* run time before stopping */
	long count;      /* packets before stopping */
	long written;    /* seeds written so far */
};

static volatile sig_atomic_t stop_flag;

/* on_signal
 * SIGTERM / SIGINT: stop after the current packet. */
static void on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

/* write_seed
 * DIR/HARNESS/lab-KEY: a selector prefix (pre_len bytes, may be 0) and the body; kept
 * as it is when that file exists. */
static void write_seed(struct capture *c, const char *harness, const char *key, const uint8_t *pre,
		       size_t pre_len, const uint8_t *body, size_t len)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s/lab-%s", c->out, harness, key);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
	if (fd < 0) {
		if (errno != EEXIST)
			cli_die(path, "%s", strerror(errno));
		return;
	}
	if (write(fd, pre, pre_len) != (ssize_t)pre_len || write(fd, body, len) != (ssize_t)len)
		cli_die(path, "%s", strerror(errno));
	close(fd);
	c->written++;
	printf("seed %s/lab-%s (%zu bytes)\n", harness, key, pre_len + len);
	fflush(stdout);
}

/* proto_name
 * A quoted protocol as a word for file names. */
static const char *proto_name(uint8_t proto, char *buf, size_t len)
{
	switch (proto) {
	case IPPROTO_ICMP:
		return "icmp";
	case IPPROTO_ICMPV6:
		return "icmp6";
	case IPPROTO_UDP:
		return "udp";
	case IPPROTO_TCP:
		return "tcp";
	default:
		snprintf(buf, len, "p%u", proto);
		return buf;
	}
}

/* errqueue_info
 * ee_info as the kernel fills it for this error: the MTU of a frag needed / packet too
 * big, the pointer of a parameter problem, else 0. */
static uint32_t errqueue_info(const struct icmp_msg *m)
{
	if (m->kind == ICMP_KIND_PACKET_TOO_BIG)
		return m->mtu;
	if (m->kind == ICMP_KIND_PARAM_PROBLEM)
		return m->pointer;
	return 0;
}

/* seed_errqueue
 * An error quoting UDP as a UDP socket reads it from its error queue: the data start
 * after the quoted UDP header (the kernel's ip_icmp_error / ipv6_icmp_error payload). */
static void seed_errqueue(struct capture *c, const char *key, const struct icmp_msg *m,
			  const uint8_t *msg, size_t len)
{
	size_t qhl = m->family == AF_INET ? (size_t)(msg[8] & 0x0f) * 4 : 40;
	size_t off = 8 + qhl + 8;
	if (!m->quote.has_l4 || m->quote.proto != IPPROTO_UDP || off > len ||
	    (m->family == AF_INET6 && msg[8 + 6] != IPPROTO_UDP))
		return;
	uint32_t info = errqueue_info(m);
	uint8_t pre[7] = {SEL_UDP_HDR | (m->family == AF_INET6 ? SEL_V6 : 0),
			  m->type,
			  m->code,
			  (uint8_t)(info >> 24),
			  (uint8_t)(info >> 16),
			  (uint8_t)(info >> 8),
			  (uint8_t)info};
	write_seed(c, "errqueue", key, pre, sizeof(pre), msg + off, len - off);
}

/* on_icmp
 * One ICMP / ICMPv6 message (ip: its IP packet of n bytes, hl the header length). */
static void on_icmp(struct capture *c, int family, const uint8_t *ip, size_t n, size_t hl)
{
	const uint8_t *msg = ip + hl;
	size_t len = n - hl;
	struct icmp_msg m;
	char key[96], kip[100], pbuf[8];
	if (len < 8)
		return;
	bool ok = icmp_parse(msg, len, family, false, &m) == ICMP_OK;
	int w = snprintf(key, sizeof(key), "v%c-%u.%u", family == AF_INET ? '4' : '6', msg[0],
			 msg[1]);
	if (ok && m.quote.present)
		w += snprintf(key + w, sizeof(key) - (size_t)w, "-%s",
			      proto_name(m.quote.proto, pbuf, sizeof(pbuf)));
	if (ok && m.has_extensions)
		w += snprintf(key + w, sizeof(key) - (size_t)w, "-ext");
	if (ok && m.n_mpls)
		snprintf(key + w, sizeof(key) - (size_t)w, "-mpls");
	if (!ok)
		snprintf(key + w, sizeof(key) - (size_t)w, "-malformed");
	uint8_t sel = family == AF_INET6 ? SEL_V6 : 0;
	write_seed(c, "icmp", key, &sel, 1, msg, len);
	snprintf(kip, sizeof(kip), "%s-ip", key);
	sel |= SEL_IP;
	write_seed(c, "icmp", kip, &sel, 1, ip, n);
	if (ok)
		seed_errqueue(c, key, &m, msg, len);
}

/* first_label
 * The first label of a question's name as a word for file names: letters, digits, '-'
 * and '_' kept, anything else '_', "root" for the root. */
static const char *first_label(const struct dns_name *name, char *buf, size_t len)
{
	char text[DNS_NAME_MAXTEXT];
	dns_name_to_text(name, text, sizeof(text), false);
	size_t n = strcspn(text, ".");
	if (n == 0)
		return "root";
	if (n >= len)
		n = len - 1;
	for (size_t i = 0; i < n; i++)
		buf[i] = isalnum((unsigned char)text[i]) || text[i] == '-' ? text[i] : '_';
	buf[n] = '\0';
	return buf;
}

/* on_dns
 * One DNS message from port 53. */
static void on_dns(struct capture *c, const uint8_t *p, size_t len)
{
	static const struct {
		uint16_t flag;
		const char *word;
	} flags[] = {{DNS_FLAG_AA, "-aa"},
		     {DNS_FLAG_TC, "-tc"},
		     {DNS_FLAG_RA, "-ra"},
		     {DNS_FLAG_AD, "-ad"}};
	struct dns_msg *m;
	char key[96], lbuf[24], tbuf[DNS_TYPE_TEXTMAX], rbuf[16];
	enum dns_status st = dns_msg_parse(p, len, &m);
	if (st != DNS_OK) {
		snprintf(key, sizeof(key), "malformed-%d", (int)st);
		write_seed(c, "dns_msg", key, NULL, 0, p, len);
		return;
	}
	int w;
	if (m->n_q)
		w = snprintf(key, sizeof(key), "%s-%s",
			     first_label(&m->q[0].name, lbuf, sizeof(lbuf)),
			     dns_type_to_text(m->q[0].type, tbuf, sizeof(tbuf)));
	else
		w = snprintf(key, sizeof(key), "noquestion");
	w += snprintf(key + w, sizeof(key) - (size_t)w, "-%s",
		      dns_rcode_to_text(m->rcode, rbuf, sizeof(rbuf)));
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (m->flags & flags[i].flag)
			w += snprintf(key + w, sizeof(key) - (size_t)w, "%s", flags[i].word);
	if (m->edns.present)
		snprintf(key + w, sizeof(key) - (size_t)w, "-edns");
	dns_msg_free(m);
	write_seed(c, "dns_msg", key, NULL, 0, p, len);
}

/* on_udp
 * A UDP datagram (u: its header, len bytes with the payload): DNS when from port 53. */
static void on_udp(struct capture *c, const uint8_t *u, size_t len)
{
	if (len > 8 && (u[0] << 8 | u[1]) == 53)
		on_dns(c, u + 8, len - 8);
}

/* on_packet
 * An IP packet of n bytes (ethertype proto): its ICMP message or DNS answer. */
static void on_packet(struct capture *c, const uint8_t *p, size_t n, uint16_t proto)
{
	if (proto == ETH_P_IP && n >= 20 && p[0] >> 4 == 4) {
		size_t hl = (size_t)(p[0] & 0x0f) * 4, tot = (size_t)(p[2] << 8 | p[3]);
		bool first_frag = ((p[6] & 0x1f) | p[7]) == 0 && !(p[6] & 0x20);
		if (hl < 20 || tot < hl || tot > n || !first_frag)
			return;
		if (p[9] == IPPROTO_ICMP)
			on_icmp(c, AF_INET, p, tot, hl);
		else if (p[9] == IPPROTO_UDP)
			on_udp(c, p + hl, tot - hl);
	} else if (proto == ETH_P_IPV6 && n >= 40 && p[0] >> 4 == 6) {
		size_t tot = 40 + (size_t)(p[4] << 8 | p[5]);
		if (tot > n)
			return;
		if (p[6] == IPPROTO_ICMPV6)
			on_icmp(c, AF_INET6, p, tot, 40);
		else if (p[6] == IPPROTO_UDP)
			on_udp(c, p + 40, tot - 40);
	}
}

/* parse_args
 * The options above, or exit 2. */
static void parse_args(int argc, char **argv, struct capture *c)
{
	static const struct option opts[] = {
		{"out", required_argument, NULL, 'o'},
		{"seconds", required_argument, NULL, 's'},
		{"count", required_argument, NULL, 'c'},
		{NULL, 0, NULL, 0},
	};
	int o;
	*c = (struct capture){.seconds = 60, .count = 10000};
	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (o) {
		case 'o':
			c->out = optarg;
			break;
		case 's':
			c->seconds = cli_long_or_die("seconds", optarg, 1, 600);
			break;
		case 'c':
			c->count = cli_long_or_die("count", optarg, 1, 1000000);
			break;
		default:
			exit(2);
		}
	}
	if (!c->out || optind != argc)
		cli_die("usage", "capture_seeds --out DIR [--seconds S] [--count N]");
}

int main(int argc, char **argv)
{
	struct capture c;
	parse_args(argc, argv, &c);
	int in = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_ALL));
	if (in < 0)
		cli_die("socket", "%s", strerror(errno));
	struct sigaction sa = {.sa_handler = on_signal};
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	printf("ready pid=%d\n", (int)getpid());
	fflush(stdout);
	struct timespec now, end;
	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += c.seconds;
	static uint8_t buf[65536];
	long packets = 0;
	while (!stop_flag && packets < c.count) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec > end.tv_sec ||
		    (now.tv_sec == end.tv_sec && now.tv_nsec >= end.tv_nsec))
			break;
		struct pollfd p = {.fd = in, .events = POLLIN};
		if (poll(&p, 1, 200) <= 0)
			continue;
		struct sockaddr_ll ll;
		socklen_t ll_len = sizeof(ll);
		ssize_t n = recvfrom(in, buf, sizeof(buf), 0, (struct sockaddr *)&ll, &ll_len);
		if (n <= 0 || ll.sll_pkttype == PACKET_OUTGOING)
			continue;
		packets++;
		on_packet(&c, buf, (size_t)n, ntohs(ll.sll_protocol));
	}
	printf("done packets=%ld seeds=%ld\n", packets, c.written);
	return 0;
}
