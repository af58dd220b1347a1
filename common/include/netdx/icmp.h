/* icmp — build and parse ICMP (RFC 792) and ICMPv6 (RFC 4443) messages.
 *
 * The parser is for untrusted input: every length is checked before it is read, and
 * nothing is read past pkt + len. It does not decide whether a reply is ours; the
 * probe engine does that from the fields extracted here. */
#ifndef NETDX_ICMP_H
#define NETDX_ICMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "netdx/addr.h"

/* ICMPv4 types and codes used by netdx (values of RFC 792/1812). */
enum {
	ICMP4_ECHO_REPLY = 0,
	ICMP4_DEST_UNREACH = 3,
	ICMP4_ECHO_REQUEST = 8,
	ICMP4_TIME_EXCEEDED = 11,
	ICMP4_PARAM_PROBLEM = 12,
};
/* ICMPv6 types (RFC 4443). */
enum {
	ICMP6_DEST_UNREACH_T = 1,
	ICMP6_PACKET_TOO_BIG_T = 2,
	ICMP6_TIME_EXCEEDED_T = 3,
	ICMP6_PARAM_PROBLEM_T = 4,
	ICMP6_ECHO_REQUEST_T = 128,
	ICMP6_ECHO_REPLY_T = 129,
};

/* What a message means, independent of the address family. */
enum icmp_kind {
	ICMP_KIND_OTHER = 0, /* anything else (redirect, router advert, ...) */
	ICMP_KIND_ECHO_REQUEST,
	ICMP_KIND_ECHO_REPLY,
	ICMP_KIND_TIME_EXCEEDED,  /* TTL / hop limit hit zero (code 0) or reassembly (1) */
	ICMP_KIND_UNREACH,        /* destination unreachable, any code */
	ICMP_KIND_PACKET_TOO_BIG, /* v4 unreach code 4 (frag needed) or v6 type 2 */
	ICMP_KIND_PARAM_PROBLEM,
};

enum icmp_status {
	ICMP_OK = 0,
	ICMP_TRUNCATED,  /* shorter than the headers it claims */
	ICMP_BAD_IP,     /* outer IPv4 header not IPv4 / bad IHL / not ICMP */
	ICMP_BAD_LENGTH, /* a length field points past the end */
};

#define ICMP_MAX_MPLS 8 /* labels kept from one RFC 4950 label stack */

/* One RFC 4950 MPLS label stack entry. */
struct icmp_mpls {
	uint32_t label; /* 20 bits */
	uint8_t tc;     /* traffic class (formerly "Exp"), 3 bits */
	uint8_t s;      /* bottom of stack, 1 bit */
	uint8_t ttl;
};

/* The datagram an ICMP error quotes: what we (supposedly) sent. */
struct icmp_quote {
	bool present;          /* an IP header was quoted and parsed */
	int family;            /* AF_INET / AF_INET6 */
	uint8_t proto;         /* IPPROTO_ICMP, IPPROTO_ICMPV6, IPPROTO_UDP, IPPROTO_TCP, ... */
	struct netdx_addr src; /* quoted source */
	struct netdx_addr dst; /* quoted destination: where the probe was going */
	uint8_t ttl;           /* TTL / hop limit left in the quoted header (usually 1 or 0) */
	uint16_t ip_id;        /* IPv4 identification (0 for v6) */
	uint16_t tot_len;      /* total length claimed by the quoted header */
	bool has_l4;           /* the first 8 bytes of the transport header are present */
	uint8_t icmp_type;     /* proto ICMP/ICMPv6: quoted type, id, seq */
	uint16_t icmp_id;
	uint16_t icmp_seq;
	uint16_t sport; /* proto UDP/TCP: ports (host order) */
	uint16_t dport;
	uint32_t tcp_seq;       /* proto TCP: sequence number */
	uint16_t udp_checksum;  /* proto UDP: checksum field (Paris traceroute uses it) */
	const uint8_t *payload; /* bytes after the 8 quoted transport bytes, if any */
	size_t payload_len;
	uint8_t tos;          /* IPv4 TOS byte / IPv6 traffic class (DSCP and ECN) */
	uint16_t l4_checksum; /* has_l4, proto UDP, TCP, ICMP, ICMPv6: the checksum field */
	const uint8_t *l4;    /* has_l4: the quoted transport header's first byte */
	size_t l4_len;        /* has_l4: transport bytes the quoted header claims (its whole
			       * segment: all quoted when 8 + payload_len reaches it) */
	bool ip_rebuilt;      /* the IP header is not the router's: rebuilt from an
			       * error-queue entry (source, TOS are what we sent) */
	bool l4_rebuilt;      /* so is the transport header (its checksum too) */
};

/* A parsed ICMP or ICMPv6 message. Pointers point into the caller's buffer. */
struct icmp_msg {
	int family; /* AF_INET or AF_INET6 */
	enum icmp_kind kind;
	uint8_t type; /* wire type and code */
	uint8_t code;
	int ip_ttl;               /* TTL of the outer IPv4 header when it was given, else -1 */
	struct netdx_addr ip_src; /* outer IPv4 source/destination when given (len 0 otherwise) */
	struct netdx_addr ip_dst;
	uint16_t id; /* echo request/reply: identifier and sequence (host order) */
	uint16_t seq;
	const uint8_t *data; /* echo: payload after the 8-byte header */
	size_t data_len;
	uint32_t mtu;            /* PACKET_TOO_BIG: next-hop MTU (0 if the router gave none) */
	uint32_t pointer;        /* PARAM_PROBLEM: pointer field */
	struct icmp_quote quote; /* errors: the quoted datagram */
	bool has_extensions;     /* RFC 4884 extension structure found and checksum valid */
	size_t n_mpls;           /* RFC 4950 labels (at most ICMP_MAX_MPLS) */
	struct icmp_mpls mpls[ICMP_MAX_MPLS];
};

/* Parse one message.
 *   family     AF_INET or AF_INET6: which ICMP it is.
 *   with_ip    true when pkt starts with the IPv4 header (raw IPv4 sockets deliver it);
 *              false for ICMP datagram sockets and for all ICMPv6 sockets. With
 *              AF_INET6 it means an IPv6 header (packet sockets, captures); ip_ttl
 *              is then its hop limit.
 * Fills *out on ICMP_OK; on error *out is zeroed. Checksums of the outer message are
 * not verified (the kernel did; datagram sockets rewrite the id).
 * A message cut short fails unless the ICMP header (and with_ip the whole IP header)
 * and, for errors, the whole quoted IP header are there; then it parses to a prefix of
 * the full result: quote.has_l4 false without 8 transport bytes, less payload, and an
 * extension structure that does not verify ignored. */
enum icmp_status icmp_parse(const uint8_t *pkt, size_t len, int family, bool with_ip,
			    struct icmp_msg *out);

/* Parse a bare quoted datagram (IPv4/IPv6 header + transport bytes), as found inside
 * errors. Exposed for the UDP error-queue path and for tests. */
enum icmp_status icmp_parse_quote(const uint8_t *p, size_t len, int family, struct icmp_quote *out);

/* Write an echo request: 8-byte header then payload (copied; may be NULL with
 * payload_len 0). For AF_INET the checksum is computed; for AF_INET6 it is left 0
 * (the kernel computes ICMPv6 checksums). Returns bytes written, 0 if cap is too small. */
size_t icmp_build_echo(uint8_t *buf, size_t cap, int family, uint16_t id, uint16_t seq,
		       const uint8_t *payload, size_t payload_len);

/* What a type/code pair means (also for errors read from a socket's error queue,
 * where only type and code are known). */
enum icmp_kind icmp_kind_of(int family, uint8_t type, uint8_t code);

/* Internet checksum (RFC 1071) over len bytes, as a number: store it big-endian. */
uint16_t icmp_checksum(const void *data, size_t len);

/* Short name of a type/code: "Time to live exceeded", "Destination Host Unreachable",
 * "Destination Port Unreachable", "Frag needed and DF set (mtu = 1400)" is not built
 * here: these are iputils' words for the fixed part. */
const char *icmp_describe(int family, uint8_t type, uint8_t code);

/* traceroute 2.x annotation for an unreachable code: "!H" "!N" "!P" "!F" "!X" "!S" "!V"
 * "!C", "" for port unreachable (the normal end), or "!<code>" in buf for others. */
const char *icmp_unreach_annotation(int family, uint8_t code, char *buf, size_t len);

#endif
