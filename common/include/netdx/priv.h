/* priv — least privilege. The only file in netdx that calls libcap.
 *
 * At start-up priv_init() keeps CAP_NET_RAW in the permitted set (if the process has
 * it at all, as root or through `setcap cap_net_raw+p`) and nothing else (traceroute -d:
 * CAP_NET_ADMIN too, for SO_DEBUG), with no effective capability. Socket code brackets the one call that needs it with
 * priv_raise_net_raw()/priv_lower(); once every socket is open, priv_drop_all() clears
 * every set and sets no_new_privs, before the first packet from the network is read. */
#ifndef NETDX_PRIV_H
#define NETDX_PRIV_H

#include <stdbool.h>

/* Reduce the capability sets to CAP_NET_RAW permitted, none effective. Returns false
 * (errno set) only on a libcap/kernel failure, not when the capability is absent. */
bool priv_init(void);

/* The same, keeping CAP_NET_ADMIN permitted too if the process has it (traceroute -d:
 * SO_DEBUG), until priv_drop_all(). */
bool priv_init_keeping_net_admin(void);

/* Is CAP_NET_RAW in the permitted set (can we open a raw socket)? */
bool priv_have_net_raw(void);

/* Make CAP_NET_RAW effective; false when it is not permitted. */
bool priv_raise_net_raw(void);

/* Make CAP_NET_ADMIN effective (alone); false when it is not permitted. */
bool priv_raise_net_admin(void);

/* Clear the effective set again. */
void priv_lower(void);

/* Drop every capability from every set, clear the ambient set, set
 * PR_SET_NO_NEW_PRIVS, and check that the drop took. False (errno set) on failure:
 * callers must then exit rather than run with privileges. */
bool priv_drop_all(void);

#endif
