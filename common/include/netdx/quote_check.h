/* quote_check — what the headers routers quote back say about the path: a translator
 * (NAT) and a rewritten TOS byte (DSCP / ECN bleaching).
 *
 * Every ICMP error quotes the probe as the router saw it. A NAT rewrites the probe's
 * source and fixes its transport checksum; Linux (and most NATs) translate the quoted
 * addresses back on the way home, but not the quoted checksum. So a quote is checked
 * three ways against what was sent: its source against the address the error came to
 * (IPv4) and against the source the first quoting hop saw (before any translator), and
 * its checksum against the one the quoted segment has when summed over our address
 * (what we sent: our probes' checksums are always right). A router's own
 * IP header in the quote also carries the TOS byte as it arrived there.
 * What each hop's quotes showed is kept per hop (hops.c notes every answer); the first
 * hop whose quotes show a change is where the tools put their marker: the change was
 * made between it and the hop before (a NAT at the hop before it, or on that link).
 * What cannot be checked is not: a quote rebuilt from a socket's error queue (UDP
 * and TCP probes, ICMP datagram sockets) has no router's IP header, so no source and
 * no TOS; an unprivileged UDP socket's has no checksum either; a segment quoted only in
 * part cannot be summed; an IPv4 ICMP checksum covers no address. */
#ifndef NETDX_QUOTE_CHECK_H
#define NETDX_QUOTE_CHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "netdx/addr.h"
#include "netdx/icmp.h"

struct hops;

/* What one hop's quotes showed. All zero: nothing seen yet. */
struct quote_seen {
	uint32_t sums;              /* quotes whose transport checksum could be checked */
	uint32_t sums_changed;      /* of them, not what was sent */
	uint16_t sum_quoted;        /* the latest changed one: the checksum quoted */
	uint16_t sum_sent;          /*   and the one the segment had as we sent it */
	uint32_t addrs;             /* quotes whose source could be checked */
	uint32_t addrs_changed;     /* of them, naming another source than ours */
	struct netdx_addr src_seen; /* the latest changed one: the source quoted */
	struct netdx_addr src_ours; /*   and ours (where the error came to) */
	uint32_t toses;             /* quotes with the router's own IP header */
	uint8_t tos;                /* the latest one's TOS byte (traffic class) */
	struct netdx_addr src;      /*   and its source */
};

/* Fold what the quote of m (an ICMP error; anything else is ignored) shows into s. */
void quote_check_note(struct quote_seen *s, const struct icmp_msg *m);

/* The checksum the quoted segment would carry as sent from src (the quote's own
 * source when src is NULL): *out and true when the whole segment was quoted, from the
 * router, in a protocol whose checksum can tell (UDP with a checksum, TCP, ICMPv6,
 * ICMP), else false. */
bool quote_check_expected_sum(const struct icmp_quote *q, const struct netdx_addr *src,
			      uint16_t *out);

/* Where the rows first_ttl..last of a path show a change. */
struct quote_path {
	int nat_ttl;                 /* the first hop whose quotes show a translation, 0 none */
	struct netdx_addr src_first; /* the source the first hop with a router's IP header
				      * in its quote saw (len 0: none): what we sent */
	int tos_ttl;                 /* the first hop whose quoted TOS is not tos_sent, 0 none */
	uint8_t tos_sent;            /* what the probes carried (--tos) */
	uint8_t tos_quoted;          /* what hop tos_ttl quoted */
};
void quote_check_path(const struct hops *h, int last, uint8_t tos_sent, struct quote_path *out);

/* A hop's marker, what traceroute, mtr and pathping append to its line: " [NAT]",
 * " [TOS 0x00 -> 0xb8]", both, or "" (always NUL-terminated). */
void quote_check_marker(const struct quote_path *p, int ttl, char *buf, size_t len);

#endif
