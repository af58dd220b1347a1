/* filter.c — what the kernel's state bitmap does not filter, done here in user space:
 * ports, address blocks and the owning process. */
#include "tcpstate.h"

#include <string.h>

#include "netdx/cli.h"

void ts_block_parse(const char *opt, const char *arg, struct ts_block *b)
{
	struct netdx_addr a;
	char what[64];
	snprintf(what, sizeof(what), "invalid %s '%s'", opt, arg);
	if (addr_is_cidr(arg)) {
		struct addr_cidr c;
		const char *why;
		if (addr_cidr_parse(arg, &c, &why) != NETDX_OK)
			cli_die(what, "%s", why);
		a = c.base;
		b->prefix = c.prefix;
	} else {
		if (!addr_parse_literal(arg, AF_UNSPEC, &a))
			cli_die(what, "not an address");
		b->prefix = addr_family(&a) == AF_INET ? 32 : 128;
	}
	b->set = true;
	b->family = addr_family(&a);
	memset(b->addr, 0, sizeof(b->addr));
	memcpy(b->addr, addr_bytes(&a), b->family == AF_INET ? 4 : 16);
}

bool ts_addr_mapped(int family, const uint8_t *addr)
{
	static const uint8_t prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
	return family == AF_INET6 && memcmp(addr, prefix, sizeof(prefix)) == 0;
}

/* prefix_equal
 * Do the first bits bits of a and b agree? */
static bool prefix_equal(const uint8_t *a, const uint8_t *b, unsigned bits)
{
	unsigned whole = bits / 8, rest = bits % 8;
	if (memcmp(a, b, whole) != 0)
		return false;
	if (rest == 0)
		return true;
	uint8_t mask = (uint8_t)(0xff << (8 - rest));
	return (a[whole] & mask) == (b[whole] & mask);
}

/* block_has
 * Is the address (of family) inside the block? A mapped IPv4 address of an IPv6 socket
 * is inside an IPv4 block that holds it. */
static bool block_has(const struct ts_block *b, int family, const uint8_t *addr)
{
	if (!b->set)
		return true;
	if (b->family == family)
		return prefix_equal(addr, b->addr, b->prefix);
	if (b->family == AF_INET && ts_addr_mapped(family, addr))
		return prefix_equal(addr + 12, b->addr, b->prefix);
	return false;
}

/* owner_matches
 * -p: the socket's process has this pid, or this name. */
static bool owner_matches(const struct ts_opts *o, const struct sock_owner *owner)
{
	if (!o->proc)
		return true;
	if (!owner)
		return false;
	return o->pid >= 0 ? owner->pid == o->pid : strcmp(owner->comm, o->proc) == 0;
}

bool ts_filter_pass(const struct ts_opts *o, const struct tcp_diag_sock *s,
		    const struct sock_owner *owner)
{
	if (o->sport >= 0 && s->lport != o->sport)
		return false;
	if (o->dport >= 0 && s->rport != o->dport)
		return false;
	return block_has(&o->src, s->family, s->local) &&
	       block_has(&o->dst, s->family, s->remote) && owner_matches(o, owner);
}
