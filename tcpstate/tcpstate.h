/* tcpstate.h — the parts of tcpstate, a TCP connection-state census that diagnoses:
 * options (opts.c), state names (states.c), filters (filter.c), the census (census.c,
 * table.c), kernel counters and sysctls (kernel.c), findings (findings.c), text
 * (text.c), JSON (json.c) and netstat's layout (list.c). */
#ifndef TCPSTATE_H
#define TCPSTATE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "netdx/addr.h"
#include "netdx/sock_owner.h"
#include "netdx/tcp_diag.h"

/* When a finding is worth saying (defaults in opts.c, flags to change them). */
struct ts_thresholds {
	long close_wait_min; /* CLOSE_WAIT sockets on one local port */
	long syn_recv_min;   /* SYN_RECV sockets in all */
	long time_wait_pct;  /* TIME_WAIT to one destination, % of the local port range */
	long syn_sent_min;   /* SYN_SENT sockets in all */
	long fin_wait_min;   /* FIN_WAIT1, or FIN_WAIT2, sockets in all */
	long last_ack_min;   /* LAST_ACK sockets in all */
	long idle_min_s;     /* seconds an ESTABLISHED socket without keepalive is idle */
};

/* The command line. */
struct ts_opts {
	int family;      /* AF_UNSPEC (both), AF_INET or AF_INET6 */
	unsigned states; /* bitmap of 1 << state for the kernel; every state if none */
	struct tcp_diag_filter filter; /* --sport, --dport, --src, --dst: for the kernel */
	const char *proc;              /* -p: a pid or a process name, NULL when not given */
	long pid;                      /* -p as a number, -1 when it is a name */
	const char *netns;             /* --netns NAME */
	bool json;                     /* --json */
	bool openmetrics;              /* --openmetrics: one OpenMetrics 1.0 exposition */
	bool prometheus;               /* --prometheus: the same in the text format 0.0.4 */
	bool list;                     /* --list: netstat -nat's lines */
	bool extend;                   /* -e with --list: user, inode, pid/program */
	bool no_owners;                /* --no-owners: no /proc walk for processes */
	long top;                      /* entries per state in the top lists */
	bool explain;                  /* --explain: print the states in words and exit */
	unsigned explain_state;        /* --explain STATE: only that one (0: all) */
	int errno_which;         /* --errno: the entry of explain.c's table, -1 if not given */
	double watch_s;          /* --watch: seconds between passes, 0 without it */
	long count;              /* --count: passes of --watch, 0 for no end */
	struct ts_thresholds th; /* when findings are said */
};

/* opts.c: parse argv into o, or print help / version and exit, or die with exit 2. */
void ts_opts_parse(int argc, char **argv, struct ts_opts *o);

/* States whose sockets never hold a descriptor, so never a process: TIME_WAIT, and
 * SYN_RECV (a connection request, not yet accepted). */
#define TS_STATES_WITHOUT_FD ((1u << TCP_DIAG_TIME_WAIT) | (1u << TCP_DIAG_SYN_RECV))

/* states.c: the kernel's number for an ss or netstat state name (any case), as a bitmap
 * (ss's groups such as "connected" are several); 0 when it is no state. */
unsigned ts_state_parse(const char *name);

/* states.c: netstat's name of a state ("CLOSE_WAIT"), "UNKNOWN" for none. */
const char *ts_state_name(unsigned state);

/* explain.c: the states in words, one (state) or all (0) with the errno list. */
void ts_explain_print(FILE *f, unsigned state);

/* explain.c: the entry for an errno given by number or name (any case), -1 if none. */
int ts_errno_parse(const char *s);

/* explain.c: one errno's line and when a TCP application sees it. */
void ts_errno_print(FILE *f, int which);

/* filter.c: does a socket of this owner (NULL: unknown) pass -p, the one filter the
 * kernel cannot apply (it knows no processes)? */
bool ts_filter_pass(const struct ts_opts *o, const struct sock_owner *owner);

/* filter.c: is addr (of family) an IPv4-mapped IPv6 address, ::ffff:a.b.c.d? */
bool ts_addr_mapped(int family, const uint8_t *addr);

/* filter.c: parse ADDR or ADDR/PREFIX for --src / --dst, or die. */
void ts_block_parse(const char *opt, const char *arg, struct tcp_diag_block *b);

/* list.c: netstat -nat's two header lines (with -e, netstat -natep's). */
void ts_list_header(FILE *f, bool extend);

/* list.c: one socket as netstat -nat prints it (with -e, as netstat -natep). */
void ts_list_row(FILE *f, const struct tcp_diag_sock *s, const struct sock_owner *owner,
		 bool extend);

/* list.c: "addr:port" as netstat prints it ("0.0.0.0:*", ":::22", a mapped IPv4 address
 * as IPv4), cut to 23 columns as netstat cuts it. */
void ts_endpoint_str(int family, const uint8_t *addr, uint16_t port, char *buf, size_t len);

/* list.c: an address alone ("10.0.1.2", "fd00::1", a mapped IPv4 address as IPv4). */
void ts_addr_str(int family, const uint8_t *addr, char *buf, size_t len);

#endif
