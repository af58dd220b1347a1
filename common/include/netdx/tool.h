/* tool — the steps every netdx tool takes around its one privileged moment
 * (docs/DESIGN.md, Privilege model), so that no front-end writes them again: at start
 * only CAP_NET_RAW is kept, and once the sockets are open every capability is dropped
 * and the seccomp sandbox entered, before the first packet from the network is read.
 * Each failure is one "prog: what: why" line on stderr and exit 2: a tool never runs
 * with more privilege than it should. */
#ifndef NETDX_TOOL_H
#define NETDX_TOOL_H

#include <stdbool.h>

/* First thing in main(): CAP_NET_RAW permitted (if the process has it), nothing else. */
void tool_start_or_die(void);

/* The same, keeping CAP_NET_ADMIN permitted too when net_admin (traceroute -d sets
 * SO_DEBUG with it; options are parsed first, a pure parse), until the lockdown. */
void tool_start_keeping_or_die(bool net_admin);

/* Every socket is open: drop every capability, set no_new_privs, and enter the sandbox
 * with the needs (netdx/sandbox.h) of this tool in this mode. jansson's hash seed is
 * read first, so JSON needs no file after. */
void tool_lockdown_or_die(unsigned needs);

/* Before the lockdown, in a tool that will show local times: read the time zone, so
 * localtime_r() needs no file after. */
void tool_local_time(void);

/* The same, and files may be written in the directory dirfd only (-1: none), as
 * sandbox_enter_writing says: a textfile exporter's. */
void tool_lockdown_writing_or_die(unsigned needs, int dirfd);

/* A probe socket was refused for want of privilege (NETDX_E_NOPRIV): one line that says
 * what to do, then exit 2. opt is the option that chose the probes ("-I"; NULL for the
 * tool's default), probes what they are ("ICMP echo probes"); icmp_datagram: an ICMP
 * datagram socket would do too. The line names this binary's file for setcap, e.g.
 *   traceroute: -T (TCP SYN probes): need a raw socket (cap_net_raw): as root, run
 *   setcap cap_net_raw+p /usr/lib/netdx/bin/traceroute, or run traceroute as root
 * and, when icmp_datagram, the net.ipv4.ping_group_range sysctl as the other way. */
void tool_die_nopriv(const char *opt, const char *probes, bool icmp_datagram)
	__attribute__((noreturn));

#endif
