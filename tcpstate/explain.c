/* explain.c — the teaching mode: what each TCP state means, which side is in it, which
 * segment moves it on (RFC 9293's diagram in words, with Linux's timers), and the errno
 * values an application sees on the way (--explain [STATE], --errno N|NAME). */
#include "tcpstate.h"

#include <errno.h>
#include <string.h>
#include <strings.h>

/* One state, in words. */
struct state_text {
	unsigned state;    /* enum tcp_diag_state */
	const char *side;  /* who is in it */
	const char *means; /* what it means and what moves it on */
};

static const struct state_text states[] = {
	{TCP_DIAG_LISTEN, "server",
	 "listen() was called; waits for SYNs. A SYN in: SYN+ACK out, a request socket in "
	 "SYN_RECV (the listener stays). Its accept queue holds finished handshakes until "
	 "accept(); Recv-Q is that queue, Send-Q its backlog."},
	{TCP_DIAG_SYN_SENT, "client",
	 "connect() sent a SYN. SYN+ACK in, ACK out: ESTABLISHED (connect() returns 0). RST "
	 "in: closed, connect() fails with ECONNREFUSED (111). No answer after "
	 "tcp_syn_retries: ETIMEDOUT (110). ICMP unreachable: ENETUNREACH (101) or "
	 "EHOSTUNREACH (113). A non-blocking connect() returns EINPROGRESS (115) here."},
	{TCP_DIAG_SYN_RECV, "server",
	 "a SYN came and SYN+ACK went out. The client's ACK in: ESTABLISHED, queued for "
	 "accept() (unless the accept queue is full: ListenOverflows, the ACK is dropped). "
	 "No ACK: SYN+ACK retried tcp_synack_retries times, then dropped."},
	{TCP_DIAG_ESTABLISHED, "both",
	 "data flows both ways. close() or shutdown(SHUT_WR): FIN out, FIN_WAIT1. The "
	 "peer's FIN in: CLOSE_WAIT (read() returns 0). RST in: closed, ECONNRESET (104); "
	 "unanswered retransmissions or keepalives: ETIMEDOUT (110)."},
	{TCP_DIAG_FIN_WAIT1, "the side that closed first",
	 "our FIN is out, not yet acknowledged. Its ACK in: FIN_WAIT2. The peer's FIN in: "
	 "CLOSING. FIN and ACK together: TIME_WAIT."},
	{TCP_DIAG_FIN_WAIT2, "the side that closed first",
	 "our FIN is acknowledged; the peer has not closed yet (it is in CLOSE_WAIT). Its FIN "
	 "in, ACK out: TIME_WAIT. An orphan (no process) is dropped after tcp_fin_timeout."},
	{TCP_DIAG_CLOSE_WAIT, "the side that was closed on",
	 "the peer's FIN came: read() returns 0. Only the application moves it on: close() "
	 "sends our FIN, LAST_ACK. Sockets that stay here are an application that never "
	 "closes."},
	{TCP_DIAG_CLOSING, "both", "both sides sent FIN at once. The ACK of ours in: TIME_WAIT."},
	{TCP_DIAG_LAST_ACK, "the side that was closed on",
	 "we answered the peer's FIN with ours. Its ACK in: closed. No ACK: our FIN is "
	 "retried, then the socket goes."},
	{TCP_DIAG_TIME_WAIT, "the side that closed first",
	 "both FINs are acknowledged. The socket waits 60 s (2 MSL on Linux) so that late "
	 "segments die and a lost last ACK can be sent again; it keeps its local port for "
	 "that destination. Many toward one destination: connect() fails with "
	 "EADDRNOTAVAIL (99). tcp_tw_reuse=1 lets a new outgoing connection take such a port "
	 "(with timestamps, safely). tcp_tw_recycle, still often advised, broke clients "
	 "behind NAT and was removed in Linux 4.12: there is nothing to set."},
	{TCP_DIAG_CLOSE, "either",
	 "no connection: a socket made or bound but not connected or listening, or the end."},
};

/* The errno values of connections, by name. */
static const struct errno_text {
	int value;         /* errno */
	const char *name;  /* its symbol */
	const char *means; /* when a TCP application sees it */
} errnos[] = {
	{ECONNREFUSED, "ECONNREFUSED",
	 "connect(): the peer answered our SYN with RST: nothing listens on that port (or a "
	 "firewall rejects). SYN_SENT, then closed."},
	{ETIMEDOUT, "ETIMEDOUT",
	 "connect(): no answer to the SYN after tcp_syn_retries (SYN_SENT, about 127 s by "
	 "default); or an established connection whose retransmissions or keepalive probes "
	 "went unanswered (tcp_retries2, tcp_keepalive_probes)."},
	{EADDRNOTAVAIL, "EADDRNOTAVAIL",
	 "connect(): no free local port toward that destination (the ip_local_port_range "
	 "is taken, often by TIME_WAIT); bind(): an address this host does not have."},
	{ENETUNREACH, "ENETUNREACH",
	 "connect(): no route to that network, or an ICMP network unreachable came back."},
	{EHOSTUNREACH, "EHOSTUNREACH",
	 "connect(): the host does not answer ARP / neighbour discovery, or an ICMP host "
	 "unreachable came back."},
	{EINPROGRESS, "EINPROGRESS",
	 "connect() on a non-blocking socket: the SYN is out (SYN_SENT); wait until it is "
	 "writable, then read SO_ERROR for the outcome."},
	{EINVAL, "EINVAL",
	 "an argument that does not fit: listen() on a connected socket, connect() with a "
	 "bad address length, an option value out of range."},
	{ECONNRESET, "ECONNRESET",
	 "read() or write(): the peer sent RST (it closed with unread data, or crashed and "
	 "came back, or a middlebox reset it)."},
	{EPIPE, "EPIPE",
	 "write() after the connection was shut down or reset (with SIGPIPE unless "
	 "MSG_NOSIGNAL)."},
	{EADDRINUSE, "EADDRINUSE",
	 "bind() or listen(): the address and port are taken (SO_REUSEADDR lets a server "
	 "bind while old connections sit in TIME_WAIT)."},
};

/* The diagram: each path through the states, segment in / segment out on the arrows. */
static const char diagram[] =
	"TCP states (RFC 9293): the paths through them, \"in/out\" on each arrow.\n"
	"\n"
	"  open, client:   CLOSED --connect() / SYN--> SYN_SENT --SYN+ACK / ACK--> ESTABLISHED\n"
	"  open, server:   LISTEN --SYN / SYN+ACK--> SYN_RECV --ACK--> ESTABLISHED (accept())\n"
	"  closing first:  ESTABLISHED --close() / FIN--> FIN_WAIT1 --ACK--> FIN_WAIT2\n"
	"                  --FIN / ACK--> TIME_WAIT --60 s--> CLOSED\n"
	"  closed on:      ESTABLISHED --FIN / ACK--> CLOSE_WAIT --close() / FIN--> LAST_ACK\n"
	"                  --ACK--> CLOSED\n"
	"  both at once:   FIN_WAIT1 --FIN / ACK--> CLOSING --ACK--> TIME_WAIT\n"
	"  refused:        SYN_SENT --RST--> CLOSED (ECONNREFUSED)\n"
	"\n";

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Columns the explanations are wrapped to. */
#define WRAP_COLS 80

/* print_wrapped
 * text after indent spaces, wrapped at word boundaries to WRAP_COLS columns. */
static void print_wrapped(FILE *f, int indent, const char *text)
{
	int col = 0;
	while (*text) {
		size_t word = strcspn(text, " ");
		if (col > indent && col + 1 + (int)word > WRAP_COLS) {
			fputc('\n', f);
			col = 0;
		}
		if (col == 0)
			col = fprintf(f, "%*s", indent, "");
		else
			col += fprintf(f, " ");
		col += fprintf(f, "%.*s", (int)word, text);
		text += word;
		text += strspn(text, " ");
	}
	fputc('\n', f);
}

/* print_state
 * One state's block: its name, who is in it, what it means. */
static void print_state(FILE *f, const struct state_text *s)
{
	fprintf(f, "%s (%s)\n", ts_state_name(s->state), s->side);
	print_wrapped(f, 2, s->means);
}

void ts_explain_print(FILE *f, unsigned state)
{
	if (!state)
		fputs(diagram, f);
	for (size_t i = 0; i < N(states); i++)
		if (!state || states[i].state == state)
			print_state(f, &states[i]);
	if (state)
		return;
	fputs("\nWhat an application sees (tcpstate --errno N|NAME explains one):\n", f);
	for (size_t i = 0; i < N(errnos); i++)
		fprintf(f, "  %-13s %3d  %s\n", errnos[i].name, errnos[i].value,
			strerror(errnos[i].value));
}

int ts_errno_parse(const char *s)
{
	for (size_t i = 0; i < N(errnos); i++) {
		char num[16];
		snprintf(num, sizeof(num), "%d", errnos[i].value);
		if (strcasecmp(s, errnos[i].name) == 0 || strcmp(s, num) == 0)
			return (int)i;
	}
	return -1;
}

void ts_errno_print(FILE *f, int which)
{
	const struct errno_text *e = &errnos[which];
	fprintf(f, "%s (%d): %s\n", e->name, e->value, strerror(e->value));
	print_wrapped(f, 2, e->means);
}
