/* priv.c — capability handling with libcap (see netdx/priv.h). Every cap_* call in
 * netdx lives in this file; a test fails if another file makes one. */
#include "netdx/priv.h"

#include <errno.h>
#include <sys/capability.h>
#include <sys/prctl.h>

/* set_caps
 * Install a capability state where CAP_NET_RAW is permitted iff keep_raw, CAP_NET_ADMIN
 * iff keep_admin, and effective the one of them named by effective (-1: none); every
 * other capability is cleared. */
static bool set_caps(bool keep_raw, bool keep_admin, int effective)
{
	cap_t caps = cap_init(); /* all sets empty */
	if (!caps)
		return false;
	cap_value_t kept[2];
	int n = 0;
	if (keep_raw)
		kept[n++] = CAP_NET_RAW;
	if (keep_admin)
		kept[n++] = CAP_NET_ADMIN;
	cap_value_t eff = (cap_value_t)effective;
	bool ok = n == 0 || cap_set_flag(caps, CAP_PERMITTED, n, kept, CAP_SET) == 0;
	if (ok && effective >= 0 && cap_set_flag(caps, CAP_EFFECTIVE, 1, &eff, CAP_SET) < 0)
		ok = false;
	if (ok && cap_set_proc(caps) < 0)
		ok = false;
	int saved = errno;
	cap_free(caps);
	errno = saved;
	return ok;
}

/* has_flag
 * Is capability cap set in the given set of the current process? */
static bool has_flag(cap_value_t cap, cap_flag_t set)
{
	cap_t caps = cap_get_proc();
	if (!caps)
		return false;
	cap_flag_value_t v = CAP_CLEAR;
	cap_get_flag(caps, cap, set, &v);
	cap_free(caps);
	return v == CAP_SET;
}

/* have_admin
 * Is CAP_NET_ADMIN still permitted (priv_init_keeping_net_admin)? */
static bool have_admin(void)
{
	return has_flag(CAP_NET_ADMIN, CAP_PERMITTED);
}

bool priv_have_net_raw(void)
{
	return has_flag(CAP_NET_RAW, CAP_PERMITTED);
}

bool priv_init(void)
{
	return set_caps(priv_have_net_raw(), false, -1);
}

bool priv_init_keeping_net_admin(void)
{
	return set_caps(priv_have_net_raw(), have_admin(), -1);
}

bool priv_raise_net_raw(void)
{
	return priv_have_net_raw() && set_caps(true, have_admin(), CAP_NET_RAW);
}

bool priv_raise_net_admin(void)
{
	return have_admin() && set_caps(priv_have_net_raw(), true, CAP_NET_ADMIN);
}

void priv_lower(void)
{
	set_caps(priv_have_net_raw(), have_admin(), -1);
}

/* all_clear
 * True when no capability is left in the effective, permitted or inheritable set. */
static bool all_clear(void)
{
	cap_t now = cap_get_proc(), none = cap_init();
	bool clear = now && none && cap_compare(now, none) == 0;
	cap_free(now);
	cap_free(none);
	return clear;
}

bool priv_drop_all(void)
{
	/* One call: libcap's cap_reset_ambient() asks about each capability first (41
	 * system calls). EINVAL: a kernel without ambient capabilities (before 4.3). */
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
		return false;
	if (!set_caps(false, false, -1))
		return false;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return false;
	if (!all_clear()) {
		errno = EPERM;
		return false;
	}
	return true;
}
