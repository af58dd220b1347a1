/* status — how a call of the net, probe and path layers failed.
 *
 * Their one convention (docs/DESIGN.md, Conventions): a call that can fail for a reason
 * the user must be told returns an enum netdx_status and fills its out-parameters only
 * on NETDX_OK. The status is for the caller to act on; the words for the user's one
 * line ("prog: what: why") come as a second thing, a static text in *why (a caller that
 * needs only the status may pass NULL). */
#ifndef NETDX_STATUS_H
#define NETDX_STATUS_H

enum netdx_status {
	NETDX_OK = 0,
	NETDX_E_NOPRIV,    /* it needs CAP_NET_RAW (a raw socket), which the process lacks */
	NETDX_E_NONAME,    /* a name with no address (of the family asked for) */
	NETDX_E_INVALID,   /* input the call does not take: an empty name, an address of the
			  * other family, a bad CIDR block, a probe method that does not exist */
	NETDX_E_BROADCAST, /* a broadcast destination the socket was not allowed to send to
			    * (sock_opts.broadcast not set) */
	NETDX_E_SYSTEM,    /* a system or library call failed (no memory, no route, ...) */
};

/* Fail with st: *why = text (unless why is NULL); returns st, for the caller to return. */
enum netdx_status status_fail(const char **why, enum netdx_status st, const char *text);

#endif
