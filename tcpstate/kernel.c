/* kernel.c — reading the TcpExt counters and TCP sysctls (see kernel.h). */
#include "kernel.h"

#include <stdint.h>
#include <stdio.h>

#include "netdx/proc_net.h"

/* counter
 * One TcpExt counter of the /proc/net/netstat text, -1 when it is missing. */
static long long counter(const char *text, const char *name)
{
	uint64_t v;
	return text && proc_net_counter(text, "TcpExt", name, &v) ? (long long)v : -1;
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
	char netstat[16384];
	const char *text =
		proc_net_read("/proc/net/netstat", netstat, sizeof(netstat), NULL) == NETDX_OK
			? netstat
			: NULL;
	k->listen_overflows = counter(text, "ListenOverflows");
	k->listen_drops = counter(text, "ListenDrops");
	k->syncookies_sent = counter(text, "SyncookiesSent");
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
	long range[2];
	bool have_range = proc_net_sysctl("/proc/sys/net/ipv4/ip_local_port_range", range, 2);
	k->port_lo = have_range ? range[0] : -1;
	k->port_hi = have_range ? range[1] : -1;
}
