/* gateways.c — traceroute -g: the gateways resolved for the target's family, as
 * traceroute 2.x takes them (IPv6: a numeric first one is the routing header's type),
 * and the source route every probe carries: IPv4's loose source route option, IPv6's
 * routing header (which Linux refuses: the engine's open says so). */
#include <string.h>

#include "netdx/cli.h"
#include "netdx/ipopt.h"
#include "tr.h"

#define TR_RTHDR_TYPE 2 /* 2.x's default routing header type */

/* route_type
 * IPv6, more than one gateway, the first a number: that number is the routing header's
 * type (2.x's "-g TYPE,ADDR,..."), taken off the list; else 2.x's default. */
static int route_type(struct tr_conf *c)
{
	long v;
	if (c->n_gateways < 2 || cli_parse_long(c->gateways[0], 0, 255, &v) == CLI_NOT_NUMBER)
		return TR_RTHDR_TYPE;
	v = cli_long_or_die("routing header type", c->gateways[0], 0, 255);
	memmove(c->gateways, c->gateways + 1, --c->n_gateways * sizeof(c->gateways[0]));
	return (int)v;
}

void tr_gateways_resolve(struct tr_run *r, struct tr_conf *c)
{
	int family = addr_family(&r->dst);
	int type = family == AF_INET6 ? route_type(c) : 0;
	int max = family == AF_INET ? IPOPT_MAX_GATEWAYS : IPOPT_MAX_GATEWAYS6;
	if (c->n_gateways > (size_t)max)
		cli_die("-g", "too many gateways: no more than %d for IPv%d", max,
			family == AF_INET ? 4 : 6);
	uint32_t gw4[IPOPT_MAX_GATEWAYS];
	uint8_t gw6[IPOPT_MAX_GATEWAYS6][16];
	for (size_t i = 0; i < c->n_gateways; i++) {
		const char *why;
		if (addr_resolve(c->gateways[i], family, &r->via[i], NULL, 0, &why) != NETDX_OK)
			cli_die(c->gateways[i], "%s", why);
		if (family == AF_INET)
			memcpy(&gw4[i], addr_bytes(&r->via[i]), 4);
		else
			memcpy(gw6[i], addr_bytes(&r->via[i]), 16);
	}
	r->n_via = c->n_gateways;
	if (family == AF_INET) {
		uint32_t dst;
		memcpy(&dst, addr_bytes(&r->dst), 4);
		r->route_len = ipopt_build_lsrr(r->route, sizeof(r->route), gw4, r->n_via, dst);
	} else {
		r->route_len = ipopt_build_rthdr6(r->route, sizeof(r->route), (uint8_t)type,
						  (const uint8_t(*)[16])gw6, r->n_via);
	}
}
