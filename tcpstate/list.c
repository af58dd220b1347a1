/* list.c — one line per socket in the layout of net-tools 2.10's `netstat -nat` (and
 * with -e, `netstat -natep`), so that jc --netstat and awk scripts written for netstat
 * read it unchanged. The layout is netstat's output as observed (fixed columns, an
 * address cut to 23 columns with its port kept whole); no netstat code is used. */
#include "tcpstate.h"

#include <string.h>

/* Widest "addr:port" netstat prints without -W: the column width. */
#define ENDPOINT_COLS 23

void ts_list_header(FILE *f, bool extend)
{
	fputs("Active Internet connections (servers and established)\n", f);
	if (extend)
		fputs("Proto Recv-Q Send-Q Local Address           Foreign Address         State "
		      "      User       Inode      PID/Program name    \n",
		      f);
	else
		fputs("Proto Recv-Q Send-Q Local Address           Foreign Address         State "
		      "     \n",
		      f);
}

void ts_addr_str(int family, const uint8_t *addr, char *buf, size_t len)
{
	struct netdx_addr a;
	if (ts_addr_mapped(family, addr))
		addr_from_bytes(&a, AF_INET, addr + 12);
	else
		addr_from_bytes(&a, family, addr);
	addr_to_str(&a, buf, len);
}

void ts_endpoint_str(int family, const uint8_t *addr, uint16_t port, char *buf, size_t len)
{
	char a[ADDR_STRLEN], p[8];
	ts_addr_str(family, addr, a, sizeof(a));
	if (port)
		snprintf(p, sizeof(p), "%u", (unsigned)port);
	else
		snprintf(p, sizeof(p), "*");
	size_t room = ENDPOINT_COLS - 1 - strlen(p);
	if (strlen(a) > room)
		a[room] = '\0';
	snprintf(buf, len, "%s:%s", a, p);
}

/* owner_str
 * netstat -p's column: "PID/name", or "-" when the process is not known. */
static void owner_str(const struct sock_owner *owner, char *buf, size_t len)
{
	if (owner)
		snprintf(buf, len, "%d/%s", owner->pid, owner->comm);
	else
		snprintf(buf, len, "-");
}

void ts_list_row(FILE *f, const struct tcp_diag_sock *s, const struct sock_owner *owner,
		 bool extend)
{
	char local[64], remote[64];
	ts_endpoint_str(s->family, s->local, s->lport, local, sizeof(local));
	ts_endpoint_str(s->family, s->remote, s->rport, remote, sizeof(remote));
	/* netstat reads /proc/net/tcp, where a listener's Send-Q is 0 (INET_DIAG: backlog) */
	unsigned sendq = s->state == TCP_DIAG_LISTEN ? 0 : s->wqueue;
	fprintf(f, "%-4s  %6u %6u %-23s %-23s %-11s", s->family == AF_INET ? "tcp" : "tcp6",
		s->rqueue, sendq, local, remote, ts_state_name(s->state));
	if (extend) {
		char who[48];
		owner_str(owner, who, sizeof(who));
		fprintf(f, " %-10u %-10u %-20s", s->uid, s->inode, who);
	}
	fputc('\n', f);
}
