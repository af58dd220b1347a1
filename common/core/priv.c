/* priv.c — capability handling with libcap (see netdx/priv.h). Every cap_* call in
 * netdx lives in this file; a test fails if another file makes one. */
#include "netdx/priv.h"

#include <errno.h>
#include <sys/capability.h>
#include <sys/prctl.h>

/* set_caps
 * Install a capability state where CAP_NET_RAW is permitted iff keep_raw and
 * effective iff effective; every other capability is cleared. */
static bool set_caps(bool keep_raw, bool effective)
{
	cap_t caps = cap_init(); /* all sets empty */
	if (!caps)
		return false;
	cap_value_t raw = CAP_NET_RAW;
	bool ok = true;
	if (keep_raw && cap_set_flag(caps, CAP_PERMITTED, 1, &raw, CAP_SET) < 0)
		ok = false;
	if (ok && keep_raw && effective && cap_set_flag(caps, CAP_EFFECTIVE, 1, &raw, CAP_SET) < 0)
		ok = false;
	if (ok && cap_set_proc(caps) < 0)
		ok = false;
	int saved = errno;
	cap_free(caps);
	errno = saved;
	return ok;
}

/* has_flag
 * Is CAP_NET_RAW set in the given set of the current process? */
static bool has_flag(cap_flag_t set)
{
	cap_t caps = cap_get_proc();
	if (!caps)
		return false;
	cap_flag_value_t v = CAP_CLEAR;
	cap_get_flag(caps, CAP_NET_RAW, set, &v);
	cap_free(caps);
	return v == CAP_SET;
}

bool priv_have_net_raw(void)
{
	return has_flag(CAP_PERMITTED);
}

bool priv_init(void)
{
	return set_caps(priv_have_net_raw(), false);
}

bool priv_raise_net_raw(void)
{
	return priv_have_net_raw() && set_caps(true, true);
}

void priv_lower(void)
{
	set_caps(priv_have_net_raw(), false);
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
	if (cap_reset_ambient() < 0 && errno != EINVAL)
		return false;
	if (!set_caps(false, false))
		return false;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return false;
	if (!all_clear()) {
		errno = EPERM;
		return false;
	}
	return true;
}
