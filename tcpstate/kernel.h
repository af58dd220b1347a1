/* kernel.h — the kernel's own figures that findings quote: TcpExt listen counters from
 * /proc/net/netstat, Tcp opens and CurrEstab from /proc/net/snmp, and the TCP sysctls,
 * read before the sandbox (of the namespace counted, since they are read after
 * --netns). The two counter files stay open, so --watch reads them again inside the
 * sandbox. A figure that cannot be read is -1 and is then never quoted. */
#ifndef TCPSTATE_KERNEL_H
#define TCPSTATE_KERNEL_H

/* The figures. */
struct ts_kernel {
	long long listen_overflows; /* TcpExt ListenOverflows: accept queue full */
	long long listen_drops;     /* TcpExt ListenDrops: SYNs dropped by listeners */
	long long syncookies_sent;  /* TcpExt SyncookiesSent */
	long long opens;            /* Tcp ActiveOpens + PassiveOpens: connections begun */
	long long curr_estab;       /* Tcp CurrEstab: ESTABLISHED and CLOSE_WAIT now */
	long somaxconn;             /* net.core.somaxconn: the largest listen() backlog */
	long max_syn_backlog;       /* net.ipv4.tcp_max_syn_backlog */
	long syncookies;            /* net.ipv4.tcp_syncookies (0, 1, 2) */
	long port_lo, port_hi;      /* net.ipv4.ip_local_port_range */
	long tw_reuse;              /* net.ipv4.tcp_tw_reuse (0, 1, 2) */
	long fin_timeout;           /* net.ipv4.tcp_fin_timeout, seconds */
	long syn_retries;           /* net.ipv4.tcp_syn_retries */
	long max_orphans;           /* net.ipv4.tcp_max_orphans (initial namespace only) */
	long orphan_retries;        /* net.ipv4.tcp_orphan_retries (0 means 8) */
	long keepalive_time;        /* net.ipv4.tcp_keepalive_time, seconds */
	long keepalive_intvl;       /* net.ipv4.tcp_keepalive_intvl, seconds */
	long keepalive_probes;      /* net.ipv4.tcp_keepalive_probes */
	int netstat_fd, snmp_fd;    /* /proc/net/netstat and /proc/net/snmp, -1 if closed */
};

/* Open the counter files and read every figure (missing ones -1). */
void ts_kernel_read(struct ts_kernel *k);

/* Read the counters again from the open files. */
void ts_kernel_counters(struct ts_kernel *k);

/* Close the counter files. */
void ts_kernel_close(struct ts_kernel *k);

#endif
