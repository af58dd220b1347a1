/* tool.c — a tool's start and lockdown (see netdx/tool.h). */
#include "netdx/tool.h"

#include <errno.h>
#include <string.h>
#include <time.h>

#include "netdx/cli.h"
#include "netdx/out.h"
#include "netdx/priv.h"
#include "netdx/sandbox.h"

/* tool_start_or_die
 * CAP_NET_RAW permitted (if at all), nothing else; or exit. */
void tool_start_or_die(void)
{
	if (!priv_init())
		cli_die("capabilities", "%s", strerror(errno));
}

/* tool_lockdown_or_die
 * No capability, no_new_privs, the seccomp sandbox; or exit. What the C library and
 * jansson would read from files later is read first: the time zone, the hash seed. */
void tool_lockdown_or_die(unsigned needs)
{
	tool_lockdown_writing_or_die(needs, -1);
}

/* tool_lockdown_writing_or_die
 * The lockdown, with one directory to write in. */
void tool_lockdown_writing_or_die(unsigned needs, int dirfd)
{
	tzset();
	out_json_seed();
	if (!priv_drop_all())
		cli_die("dropping capabilities", "%s", strerror(errno));
	if (!sandbox_enter_writing(needs, dirfd))
		cli_die("seccomp", "%s", strerror(errno));
}
