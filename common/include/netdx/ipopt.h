/* ipopt — IPv4 header options of ping -R and -T (RFC 791): the record-route and
 * timestamp options a probe carries, built here, and the options of a reply's header,
 * parsed into fields (the walk iputils' ping prints from). A pure codec: no sockets,
 * no output. */
#ifndef NETDX_IPOPT_H
#define NETDX_IPOPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IPOPT_SPACE 40          /* the most option bytes an IPv4 header holds */
#define IPOPT_MAX_SLOTS 9       /* addresses or times in 40 bytes: (40 - 4) / 4 */
#define IPOPT_MAX_PRESPEC 4     /* tsprespec addresses in 40 bytes: (40 - 4) / 8 */
#define IPOPT_MAX_GATEWAYS 8    /* loose source route: 9 slots, the last the destination's */
#define IPOPT_MAX_GATEWAYS6 127 /* IPv6 routing header: its length byte's limit */

/* The timestamp option's flag (RFC 791): what each entry holds. */
enum ipopt_ts_flag {
	IPOPT_TS_ONLY = 0,     /* times only (ping -T tsonly) */
	IPOPT_TS_AND_ADDR = 1, /* each hop's address and time (tsandaddr) */
	IPOPT_TS_PRESPEC = 3,  /* times of the hops named in advance (tsprespec) */
};

/* What one option is. */
enum ipopt_kind {
	IPOPT_KIND_NOP,   /* no-operation (one byte) */
	IPOPT_KIND_RR,    /* record route */
	IPOPT_KIND_LSRR,  /* loose source route */
	IPOPT_KIND_SSRR,  /* strict source route */
	IPOPT_KIND_TS,    /* timestamp */
	IPOPT_KIND_OTHER, /* any other type (type holds it) */
};

/* One timestamp entry. */
struct ipopt_ts_entry {
	uint32_t addr; /* the hop's address, host order (0: none recorded or no address) */
	uint32_t time; /* milliseconds since midnight UT; the top bit: not standard time */
};

/* One parsed option. Record route: the addresses up to the pointer (the ones filled
 * in), at most the whole slots the option's length holds; timestamps the same way;
 * source routes: every whole slot (the route asked for). */
struct ipopt {
	enum ipopt_kind kind;
	uint8_t type;                   /* the option type byte */
	uint8_t len;                    /* its length byte (1 for NOP) */
	uint8_t pointer;                /* route and timestamp options: the pointer byte, else 0 */
	uint8_t n;                      /* addresses (route) or entries (timestamp) filled in */
	uint32_t addr[IPOPT_MAX_SLOTS]; /* route: the addresses, host order */
	struct ipopt_ts_entry ts[IPOPT_MAX_SLOTS]; /* timestamp: the entries */
	bool ts_addr;     /* timestamp: entries carry an address (flag 1 or 3) */
	uint8_t ts_flag;  /* timestamp: the flag (low 4 bits) */
	uint8_t overflow; /* timestamp: hops that found no room (high 4 bits) */
};

/* The options of one header, in order, up to the end-of-list or the first option whose
 * length does not fit (the rest is not read). */
struct ipopt_list {
	struct ipopt v[IPOPT_SPACE]; /* at most one option per byte (all NOPs) */
	size_t n;
};

/* Parse len option bytes (an IPv4 header's bytes after its first 20, or the kernel's
 * IP_RECVOPTS copy). Fills *out with what parses; true when the walk ended cleanly
 * (end of list or of the bytes), false when it stopped at a malformed option (a
 * length below 2 or past the end): *out then holds the options before it. len above
 * IPOPT_SPACE reads the first IPOPT_SPACE bytes only. */
bool ipopt_parse(const uint8_t *opt, size_t len, struct ipopt_list *out);

/* The record-route option ping -R sends: a NOP, then record route with room for 9
 * addresses (iputils' layout). Writes IPOPT_SPACE bytes; returns that, 0 if cap is
 * smaller. */
size_t ipopt_build_rr(uint8_t *buf, size_t cap);

/* The timestamp option of ping -T: flag, and for IPOPT_TS_PRESPEC the n_prespec
 * addresses (host order, at most IPOPT_MAX_PRESPEC) whose times are wanted; 9 times,
 * or 4 addresses and times (36 bytes, iputils' layout). Writes
 * IPOPT_SPACE bytes (the option, then end-of-list padding); 0 if cap is smaller or
 * n_prespec is out of range. */
size_t ipopt_build_ts(uint8_t *buf, size_t cap, enum ipopt_ts_flag flag, const uint32_t *prespec,
		      size_t n_prespec);

/* The loose source route of traceroute -g (RFC 791), 2.x's layout: a NOP, then the
 * option through the n gateways (network order, 1..IPOPT_MAX_GATEWAYS) to dst, the
 * pointer at the first. Linux sends the packet to the first gateway and puts dst last
 * (IP_OPTIONS). Returns the bytes written, 4 + 4 * (n + 1); 0 if cap is smaller or n is
 * out of range. */
size_t ipopt_build_lsrr(uint8_t *buf, size_t cap, const uint32_t *gw, size_t n, uint32_t dst);

/* The IPv6 routing header of traceroute -6 -g (IPV6_RTHDR): this type (0, RFC 2460's
 * source route, or 2.x's default 2), the n gateways (1..IPOPT_MAX_GATEWAYS6, 16 bytes
 * each) all left to visit. Returns the bytes written, 8 + 16 * n; 0 if cap is smaller or
 * n is out of range. Linux refuses both types on a socket (RFC 5095 deprecated type 0;
 * type 2 is Mobile IPv6's): traceroute says so as 2.x does. */
size_t ipopt_build_rthdr6(uint8_t *buf, size_t cap, uint8_t type, const uint8_t (*gw)[16],
			  size_t n);

#endif
