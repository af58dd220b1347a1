/* kernel.c — reading the TCP counters and sysctls (see kernel.h). */
#include "kernel.h"

#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "netdx/proc_net.h"

/* counter
 * One counter of group in a /proc/net/netstat or snmp text, -1 when it is missing. */
static long long counter(const char *text, const char *group, const char *name)
{
	uint64_t v;
	return text && proc_net_counter(text, group, name, &v) ? (long long)v : -1;
}

/* read_text
 * The whole text of an open counter file into buf, or NULL. */
static const char *read_text(int fd, char *buf, size_t len)
{
	return fd >= 0 && proc_net_read_fd(fd, buf, len, NULL) == NETDX_OK ? buf : NULL;
}

void ts_kernel_counters(struct ts_kernel *k)
{
	char buf[16384];
	const char *text = read_text(k->netstat_fd, buf, sizeof(buf));
	k->listen_overflows = counter(text, "TcpExt", "ListenOverflows");
	k->listen_drops = counter(text, "TcpExt", "ListenDrops");
	k->syncookies_sent = counter(text, "TcpExt", "SyncookiesSent");
	text = read_text(k->snmp_fd, buf, sizeof(buf));
	long long active = counter(text, "Tcp", "ActiveOpens");
	long long passive = counter(text, "Tcp", "PassiveOpens");
	k->opens = active >= 0 && passive >= 0 ? active + passive : -1;
	k->curr_estab = counter(text, "Tcp", "CurrEstab");
}

/* sysctl_one
 * A sysctl of net.ipv4.tcp_NAME (one number), -1 when it cannot be read. */
static long sysctl_one(const char *name)
{
	char path[96];
	long v;
	snprintf(path, sizeof(path), "/proc/sys/net/ipv4/tcp_%s", name);
	return proc_net_sysctl(path, &v, 1) ? v : -1;
}

void ts_kernel_read(struct ts_kernel *k)
{
	k->netstat_fd = proc_net_open("/proc/net/netstat");
	k->snmp_fd = proc_net_open("/proc/net/snmp");
	ts_kernel_counters(k);
	long v[2];
	k->somaxconn = proc_net_sysctl("/proc/sys/net/core/somaxconn", v, 1) ? v[0] : -1;
	k->max_syn_backlog = sysctl_one("max_syn_backlog");
	k->syncookies = sysctl_one("syncookies");
	k->tw_reuse = sysctl_one("tw_reuse");
	k->fin_timeout = sysctl_one("fin_timeout");
	k->syn_retries = sysctl_one("syn_retries");
	k->max_orphans = sysctl_one("max_orphans");
	k->orphan_retries = sysctl_one("orphan_retries");
	k->keepalive_time = sysctl_one("keepalive_time");
	k->keepalive_intvl = sysctl_one("keepalive_intvl");
	k->keepalive_probes = sysctl_one("keepalive_probes");
	bool have_range = proc_net_sysctl("/proc/sys/net/ipv4/ip_local_port_range", v, 2);
	k->port_lo = have_range ? v[0] : -1;
	k->port_hi = have_range ? v[1] : -1;
}

void ts_kernel_close(struct ts_kernel *k)
{
	if (k->netstat_fd >= 0)
		close(k->netstat_fd);
	if (k->snmp_fd >= 0)
		close(k->snmp_fd);
	k->netstat_fd = k->snmp_fd = -1;
}
