/* ipopt.c — IPv4 options of ping -R / -T and traceroute -g: build record-route,
 * timestamp and loose source route options (and -6 -g's routing header), parse a reply's options into fields. Every field is read within the option's own
 * length, which is checked against the bytes there, so no length or pointer byte can
 * send a read outside the buffer. */
#include "netdx/ipopt.h"

#include <string.h>

#include "netdx/wire.h"

/* RFC 791's option types and the smallest pointer value (the first slot). */
enum {
	OPT_EOL = 0,
	OPT_NOP = 1,
	OPT_RR = 7,
	OPT_TS = 68,
	OPT_LSRR = 131,
	OPT_SSRR = 137,
	ROUTE_FIRST = 4, /* pointer of a route option's first address */
	TS_FIRST = 5,    /* pointer of a timestamp option's first entry */
};

/* filled_end
 * The end (offset in the option) of what the pointer says is filled in, within the
 * option's length: bytes before pointer - 1 are used. */
static size_t filled_end(uint8_t pointer, uint8_t len)
{
	size_t end = pointer ? (size_t)pointer - 1 : 0;
	return end < len ? end : len;
}

/* parse_route
 * Record route: the addresses before the pointer; a source route: all of them (the
 * route asked for, visited or not). */
static void parse_route(const uint8_t *p, struct ipopt *o)
{
	if (o->len < 3)
		return;
	o->pointer = p[2];
	size_t end = o->kind == IPOPT_KIND_RR ? filled_end(o->pointer, o->len) : o->len;
	for (size_t at = ROUTE_FIRST - 1; at + 4 <= end && o->n < IPOPT_MAX_SLOTS; at += 4)
		o->addr[o->n++] = wire_be32(p + at);
}

/* parse_ts
 * Timestamp: flag and overflow, then the entries before the pointer (a time, or an
 * address and a time, each whole). */
static void parse_ts(const uint8_t *p, struct ipopt *o)
{
	if (o->len < 4)
		return;
	o->pointer = p[2];
	o->ts_flag = p[3] & 0x0f;
	o->overflow = p[3] >> 4;
	o->ts_addr = o->ts_flag != IPOPT_TS_ONLY;
	size_t step = o->ts_addr ? 8 : 4;
	size_t end = filled_end(o->pointer, o->len);
	for (size_t at = TS_FIRST - 1; at + step <= end && o->n < IPOPT_MAX_SLOTS; at += step) {
		struct ipopt_ts_entry *e = &o->ts[o->n++];
		e->addr = o->ts_addr ? wire_be32(p + at) : 0;
		e->time = wire_be32(p + at + step - 4);
	}
}

/* kind_of
 * What an option type is. */
static enum ipopt_kind kind_of(uint8_t type)
{
	switch (type) {
	case OPT_NOP:
		return IPOPT_KIND_NOP;
	case OPT_RR:
		return IPOPT_KIND_RR;
	case OPT_LSRR:
		return IPOPT_KIND_LSRR;
	case OPT_SSRR:
		return IPOPT_KIND_SSRR;
	case OPT_TS:
		return IPOPT_KIND_TS;
	default:
		return IPOPT_KIND_OTHER;
	}
}

bool ipopt_parse(const uint8_t *opt, size_t len, struct ipopt_list *out)
{
	memset(out, 0, sizeof(*out));
	if (len > IPOPT_SPACE)
		len = IPOPT_SPACE;
	size_t at = 0;
	while (at < len && opt[at] != OPT_EOL && out->n < IPOPT_SPACE) {
		struct ipopt *o = &out->v[out->n];
		o->type = opt[at];
		o->kind = kind_of(o->type);
		if (o->kind == IPOPT_KIND_NOP) {
			o->len = 1;
			out->n++;
			at++;
			continue;
		}
		if (len - at < 2 || opt[at + 1] < 2 || opt[at + 1] > len - at) {
			memset(o, 0, sizeof(*o));
			return false;
		}
		o->len = opt[at + 1];
		if (o->kind == IPOPT_KIND_TS)
			parse_ts(opt + at, o);
		else if (o->kind != IPOPT_KIND_OTHER)
			parse_route(opt + at, o);
		out->n++;
		at += o->len;
	}
	return true;
}

size_t ipopt_build_rr(uint8_t *buf, size_t cap)
{
	if (cap < IPOPT_SPACE)
		return 0;
	memset(buf, 0, IPOPT_SPACE);
	buf[0] = OPT_NOP; /* iputils' layout: the option then ends the 40 bytes exactly */
	buf[1] = OPT_RR;
	buf[2] = IPOPT_SPACE - 1;
	buf[3] = ROUTE_FIRST;
	return IPOPT_SPACE;
}

size_t ipopt_build_ts(uint8_t *buf, size_t cap, enum ipopt_ts_flag flag, const uint32_t *prespec,
		      size_t n_prespec)
{
	bool pre = flag == IPOPT_TS_PRESPEC;
	if (cap < IPOPT_SPACE || (pre && (n_prespec == 0 || n_prespec > IPOPT_MAX_PRESPEC)) ||
	    (!pre && n_prespec) || (flag != IPOPT_TS_ONLY && flag != IPOPT_TS_AND_ADDR && !pre))
		return 0;
	memset(buf, 0, IPOPT_SPACE);
	buf[0] = OPT_TS;
	/* Entries of 8 bytes fill 36 bytes: a longer option would end in half an entry,
	 * which a hop that finds the rest full takes for a malformed option. */
	buf[1] = (uint8_t)(pre ? 4 + 8 * n_prespec : flag == IPOPT_TS_ONLY ? IPOPT_SPACE : 36);
	buf[2] = TS_FIRST;
	buf[3] = (uint8_t)flag;
	for (size_t i = 0; i < n_prespec; i++)
		wire_put32(buf + 4 + 8 * i, prespec[i]);
	return IPOPT_SPACE;
}

size_t ipopt_build_lsrr(uint8_t *buf, size_t cap, const uint32_t *gw, size_t n, uint32_t dst)
{
	size_t len = 4 + 4 * (n + 1);
	if (n == 0 || n > IPOPT_MAX_GATEWAYS || cap < len)
		return 0;
	buf[0] = OPT_NOP;
	buf[1] = OPT_LSRR;
	buf[2] = (uint8_t)(len - 1);
	buf[3] = ROUTE_FIRST;
	for (size_t i = 0; i < n; i++)
		memcpy(buf + 4 + 4 * i, &gw[i], 4);
	memcpy(buf + 4 + 4 * n, &dst, 4);
	return len;
}

size_t ipopt_build_rthdr6(uint8_t *buf, size_t cap, uint8_t type, const uint8_t (*gw)[16], size_t n)
{
	size_t len = 8 + 16 * n;
	if (n == 0 || n > IPOPT_MAX_GATEWAYS6 || cap < len)
		return 0;
	memset(buf, 0, 8);
	buf[1] = (uint8_t)(2 * n); /* in 8-byte units after the first 8 */
	buf[2] = type;
	buf[3] = (uint8_t)n; /* segments left: every one */
	for (size_t i = 0; i < n; i++)
		memcpy(buf + 8 + 16 * i, gw[i], 16);
	return len;
}
