/* kernel.c — reading the TcpExt counters and TCP sysctls (see kernel.h). */
#include "kernel.h"

#include <stdint.h>

#include "netdx/proc_net.h"

/* counter
 * One TcpExt counter of the /proc/net/netstat text, -1 when it is missing. */
static long long counter(const char *text, const char *name)
{
	uint64_t v;
	return text && proc_net_counter(text, "TcpExt", name, &v) ? (long long)v : -1;
}

/* sysctl_one
 * A sysctl of one number, -1 when it cannot be read. */
static long sysctl_one(const char *path)
{
	long v;
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
	k->somaxconn = sysctl_one("/proc/sys/net/core/somaxconn");
	k->max_syn_backlog = sysctl_one("/proc/sys/net/ipv4/tcp_max_syn_backlog");
	k->syncookies = sysctl_one("/proc/sys/net/ipv4/tcp_syncookies");
	k->tw_reuse = sysctl_one("/proc/sys/net/ipv4/tcp_tw_reuse");
	k->fin_timeout = sysctl_one("/proc/sys/net/ipv4/tcp_fin_timeout");
	long range[2];
	bool have_range = proc_net_sysctl("/proc/sys/net/ipv4/ip_local_port_range", range, 2);
	k->port_lo = have_range ? range[0] : -1;
	k->port_hi = have_range ? range[1] : -1;
}
