/* tool.c — a tool's start and lockdown (see netdx/tool.h). */
#include "netdx/tool.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "netdx/cli.h"
#include "netdx/out.h"
#include "netdx/priv.h"
#include "netdx/sandbox.h"

/* tool_start_or_die
 * CAP_NET_RAW permitted (if at all), nothing else; or exit. */
void tool_start_or_die(void)
{
	tool_start_keeping_or_die(false);
}

/* tool_start_keeping_or_die
 * The same, CAP_NET_ADMIN kept permitted too when net_admin (and the process has it). */
void tool_start_keeping_or_die(bool net_admin)
{
	if (!(net_admin ? priv_init_keeping_net_admin() : priv_init()))
		cli_die("capabilities", "%s", strerror(errno));
}

/* tool_lockdown_or_die
 * No capability, no_new_privs, the seccomp sandbox; or exit. What jansson would read
 * from a file later is read first: its hash seed. (A tool that shows local times reads
 * the time zone itself first: tool_local_time.) */
void tool_lockdown_or_die(unsigned needs)
{
	tool_lockdown_writing_or_die(needs, -1);
}

/* tool_lockdown_writing_or_die
 * The lockdown, with one directory to write in. */
void tool_lockdown_writing_or_die(unsigned needs, int dirfd)
{
	out_json_seed();
	if (!priv_drop_all())
		cli_die("dropping capabilities", "%s", strerror(errno));
	if (!sandbox_enter_writing(needs, dirfd))
		cli_die("seccomp", "%s", strerror(errno));
}

/* tool_local_time
 * localtime_r reads the zone file on first use, which the sandbox would refuse: read it
 * now. Only the tools that show local times do (mtr's report and clock, fping's -Q):
 * 7 system calls of every other start. */
void tool_local_time(void)
{
	tzset();
}

/* tool_die_nopriv
 * The line that tells a user without privilege how to give the tool its socket. */
void tool_die_nopriv(const char *opt, const char *probes, bool icmp_datagram)
{
	/* The file setcap must be given: a netdx-<tool> link's target, not the link. */
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0)
		exe[n] = '\0';
	else
		snprintf(exe, sizeof(exe), "%s", program_invocation_name);
	char what[128];
	if (opt)
		snprintf(what, sizeof(what), "%s (%s)", opt, probes);
	else
		snprintf(what, sizeof(what), "%s", probes);
	if (icmp_datagram)
		cli_die(what,
			"this user may open neither a raw socket (cap_net_raw) nor an ICMP datagram "
			"socket: as root, run setcap cap_net_raw+p %s, or sysctl -w "
			"net.ipv4.ping_group_range=\"0 2147483647\"",
			exe);
	cli_die(what,
		"need a raw socket (cap_net_raw): as root, run setcap cap_net_raw+p %s, or run %s as root",
		exe, program_invocation_short_name);
}
