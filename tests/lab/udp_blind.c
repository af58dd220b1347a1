/* udp_blind — a UDP service whose answers prove nothing about what they answer.
 *
 *   udp_blind --port N --listen ADDR [--listen ADDR]... [--seconds S]
 *
 * Answers every datagram it gets with the same 3 bytes ("ok\n"), from the port it came
 * to: nothing of the datagram is echoed, as many real services do (a game server's
 * status, an SNMP agent's error...). A tool that probes it can tell its answers apart
 * only by the ports they come to. Prints "ready" once every socket is bound, then runs
 * until SIGTERM or SIGINT, or S seconds (default 600). Test helper, not a product. */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "netdx/addr.h"

#define BLIND_MAX_LISTEN 8

/* die
 * A fatal error of the helper: one line, exit 2. */
static void die(const char *what)
{
	fprintf(stderr, "udp_blind: %s: %s\n", what, strerror(errno));
	exit(2);
}

/* open_listener
 * A UDP socket bound to a (its port set). */
static int open_listener(const struct netdx_addr *a)
{
	int fd = socket(addr_family(a), SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (const struct sockaddr *)&a->ss, a->len) < 0)
		die("bind");
	return fd;
}

/* answer_all
 * Answer what is waiting on fd, each datagram with the same bytes. */
static void answer_all(int fd)
{
	uint8_t buf[65536];
	struct netdx_addr peer;
	for (;;) {
		peer.len = sizeof(peer.ss);
		ssize_t n = recvfrom(fd, buf, sizeof(buf), MSG_DONTWAIT,
				     (struct sockaddr *)&peer.ss, &peer.len);
		if (n < 0)
			return;
		(void)sendto(fd, "ok\n", 3, 0, (struct sockaddr *)&peer.ss, peer.len);
	}
}

int main(int argc, char **argv)
{
	struct netdx_addr listen[BLIND_MAX_LISTEN];
	struct pollfd pfd[BLIND_MAX_LISTEN];
	size_t n = 0;
	long port = 0, seconds = 600;
	static const struct option opts[] = {
		{"port", required_argument, NULL, 'p'},
		{"listen", required_argument, NULL, 'l'},
		{"seconds", required_argument, NULL, 's'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			port = strtol(optarg, NULL, 10);
			break;
		case 's':
			seconds = strtol(optarg, NULL, 10);
			break;
		case 'l':
			if (n == BLIND_MAX_LISTEN ||
			    !addr_parse_literal(optarg, AF_UNSPEC, &listen[n++])) {
				fprintf(stderr, "udp_blind: bad --listen %s\n", optarg);
				return 2;
			}
			break;
		default:
			return 2;
		}
	}
	if (n == 0 || port < 1 || port > 65535 || seconds < 1) {
		fprintf(stderr,
			"udp_blind: usage: udp_blind --port N --listen ADDR... [--seconds S]\n");
		return 2;
	}
	for (size_t i = 0; i < n; i++) {
		addr_set_port(&listen[i], (uint16_t)port);
		pfd[i] = (struct pollfd){.fd = open_listener(&listen[i]), .events = POLLIN};
	}
	printf("ready\n");
	fflush(stdout);
	time_t end = time(NULL) + seconds;
	while (time(NULL) < end) {
		if (poll(pfd, n, 1000) < 0 && errno != EINTR)
			die("poll");
		for (size_t i = 0; i < n; i++)
			if (pfd[i].revents & POLLIN)
				answer_all(pfd[i].fd);
	}
	return 0;
}
