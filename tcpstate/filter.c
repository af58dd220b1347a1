/* filter.c — the filters' values: address blocks for the kernel's bytecode (ports and
 * addresses are filtered in the kernel), and -p, the one filter done here, since the
 * kernel knows no processes. */
#include "tcpstate.h"

#include <string.h>

#include "netdx/cli.h"

void ts_block_parse(const char *opt, const char *arg, struct tcp_diag_block *b)
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
	b->family = addr_family(&a);
	memset(b->addr, 0, sizeof(b->addr));
	memcpy(b->addr, addr_bytes(&a), b->family == AF_INET ? 4 : 16);
}

bool ts_addr_mapped(int family, const uint8_t *addr)
{
	static const uint8_t prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
	return family == AF_INET6 && memcmp(addr, prefix, sizeof(prefix)) == 0;
}

bool ts_filter_pass(const struct ts_opts *o, const struct sock_owner *owner)
{
	if (!o->proc)
		return true;
	if (!owner)
		return false;
	return o->pid >= 0 ? owner->pid == o->pid : strcmp(owner->comm, o->proc) == 0;
}
