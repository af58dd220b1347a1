/* netns — run in another network namespace: the ones `ip netns add` names under
 * /run/netns/. Entered before any socket is opened and before capabilities are dropped
 * (setns needs CAP_SYS_ADMIN). */
#ifndef NETDX_NETNS_H
#define NETDX_NETNS_H

#include "netdx/status.h"

/* Move the process into the network namespace /run/netns/NAME. NETDX_E_INVALID for a
 * name that is not one (empty, with '/', "." or ".."), NETDX_E_NONAME when no such
 * namespace exists, NETDX_E_NOPRIV without CAP_SYS_ADMIN, NETDX_E_SYSTEM otherwise;
 * *why in words. */
enum netdx_status netns_enter(const char *name, const char **why);

#endif
