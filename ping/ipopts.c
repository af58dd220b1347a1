/* ipopts.c — ping -R and -T: the IPv4 option every probe carries, and the RR: / TS:
 * lines iputils prints after a reply whose header brings options back. The option
 * bytes are built and parsed by common/net/ipopt.c; this file only words them. */
#include "ping.h"

#include <string.h>

#include "netdx/cli.h"
#include "netdx/ipopt.h"
#include "netdx/wire.h"

void ping_ipopts_record_route(struct ping_opts *o)
{
	o->ip_options_len = ipopt_build_rr(o->ip_options, sizeof(o->ip_options));
}

/* prespec_hops
 * tsprespec: the arguments before the target are the hops (IPv4 literals) whose
 * times are wanted; they leave o->args. */
static size_t prespec_hops(struct ping_opts *o, uint32_t *hops)
{
	size_t n = o->n_args > 1 ? (size_t)o->n_args - 1 : 0;
	if (n == 0)
		cli_die(NULL, "-T tsprespec needs the hops to stamp before the target "
			      "(ping -T tsprespec HOP... TARGET)");
	if (n > IPOPT_MAX_PRESPEC)
		cli_die(NULL, "-T tsprespec: at most %d hops", IPOPT_MAX_PRESPEC);
	for (size_t i = 0; i < n; i++) {
		struct netdx_addr a;
		if (!addr_parse_literal(o->args[i], AF_INET, &a))
			cli_die("invalid tsprespec hop", "'%s': want an IPv4 address", o->args[i]);
		hops[i] = wire_be32(addr_bytes(&a));
	}
	o->args += n;
	o->n_args -= (int)n;
	return n;
}

void ping_ipopts_timestamp(struct ping_opts *o, const char *type)
{
	uint32_t hops[IPOPT_MAX_PRESPEC];
	size_t n = 0;
	enum ipopt_ts_flag flag;
	if (strcmp(type, "tsonly") == 0)
		flag = IPOPT_TS_ONLY;
	else if (strcmp(type, "tsandaddr") == 0)
		flag = IPOPT_TS_AND_ADDR;
	else if (strcmp(type, "tsprespec") == 0)
		flag = IPOPT_TS_PRESPEC;
	else
		cli_die(NULL, "invalid timestamp type: %s", type);
	if (flag == IPOPT_TS_PRESPEC)
		n = prespec_hops(o, hops);
	o->ip_options_len = ipopt_build_ts(o->ip_options, sizeof(o->ip_options), flag, hops, n);
}

/* addr_text
 * An option's address as iputils prints it: 0.0.0.0 for an empty slot, otherwise
 * the reply's way ("name (addr)" or "addr"). */
static const char *addr_text(const struct ping_names *names, uint32_t a, char *buf, size_t len)
{
	if (a == 0)
		return "0.0.0.0";
	uint8_t bytes[4];
	struct netdx_addr na;
	wire_put32(bytes, a);
	addr_from_bytes(&na, AF_INET, bytes);
	return ping_names_text(names, &na, buf, len);
}

/* add_addr
 * One option address to wait for (none for an empty slot or a repeat). */
static size_t add_addr(struct netdx_addr *v, size_t n, size_t max, uint32_t a)
{
	if (a == 0 || n >= max)
		return n;
	uint8_t bytes[4];
	struct netdx_addr na;
	wire_put32(bytes, a);
	addr_from_bytes(&na, AF_INET, bytes);
	for (size_t i = 0; i < n; i++)
		if (addr_equal(&v[i], &na))
			return n;
	v[n] = na;
	return n + 1;
}

size_t ping_ipopts_addrs(const struct ipopt_list *l, struct netdx_addr *v, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < l->n; i++) {
		const struct ipopt *o = &l->v[i];
		if (o->kind == IPOPT_KIND_TS) {
			for (size_t k = 0; o->ts_addr && k < o->n; k++)
				n = add_addr(v, n, max, o->ts[k].addr);
		} else if (o->kind != IPOPT_KIND_NOP && o->kind != IPOPT_KIND_OTHER) {
			for (size_t k = 0; k < o->n; k++)
				n = add_addr(v, n, max, o->addr[k]);
		}
	}
	return n;
}

/* print_route
 * A record route: the addresses, or "(same route)" when they are the last reply's. */
static void print_route(FILE *f, const struct ipopt *o, const struct ping_names *names,
			struct ping_route_memo *memo)
{
	char text[PING_NAME_TEXT];
	if (o->n == 0)
		return;
	if (o->n == memo->n && memcmp(o->addr, memo->addr, o->n * sizeof(o->addr[0])) == 0) {
		fputs("\t(same route)", f);
		return;
	}
	memo->n = o->n;
	memcpy(memo->addr, o->addr, o->n * sizeof(o->addr[0]));
	fputs("\nRR: ", f);
	for (size_t i = 0; i < o->n; i++)
		fprintf(f, "\t%s\n", addr_text(names, o->addr[i], text, sizeof(text)));
}

/* print_time
 * One timestamp: the first of its kind absolute, the next ones as the difference
 * from the one before (standard and non-standard times each their own way). */
static void print_time(FILE *f, uint32_t t, long *std, long *nonstd)
{
	long v = (long)(t & 0x7fffffffu);
	if (t & 0x80000000u) {
		if (*nonstd == 0)
			fprintf(f, "\t%ld absolute not-standard", v);
		else
			fprintf(f, "\t%ld not-standard", v - *nonstd);
		*nonstd = v;
	} else {
		if (*std == 0)
			fprintf(f, "\t%ld absolute", v);
		else
			fprintf(f, "\t%ld", v - *std);
		*std = v;
	}
}

/* print_timestamps
 * A timestamp option: an entry a line, then how many hops found no room. */
static void print_timestamps(FILE *f, const struct ipopt *o, const struct ping_names *names)
{
	char text[PING_NAME_TEXT];
	if (o->n == 0)
		return;
	long std = 0, nonstd = 0;
	fputs("\nTS: ", f);
	for (size_t i = 0; i < o->n; i++) {
		if (o->ts_addr)
			fprintf(f, "\t%s", addr_text(names, o->ts[i].addr, text, sizeof(text)));
		print_time(f, o->ts[i].time, &std, &nonstd);
		fputc('\n', f);
	}
	if (o->overflow)
		fprintf(f, "Unrecorded hops: %d\n", o->overflow);
}

void ping_text_ipopts(FILE *f, const struct ipopt_list *l, const struct ping_names *names,
		      struct ping_route_memo *memo)
{
	char text[PING_NAME_TEXT];
	for (size_t i = 0; i < l->n; i++) {
		const struct ipopt *o = &l->v[i];
		switch (o->kind) {
		case IPOPT_KIND_NOP:
			fputs("\nNOP", f);
			break;
		case IPOPT_KIND_LSRR:
		case IPOPT_KIND_SSRR:
			fprintf(f, "\n%cSRR: ", o->kind == IPOPT_KIND_SSRR ? 'S' : 'L');
			for (size_t k = 0; k < o->n; k++)
				fprintf(f, "\t%s\n",
					addr_text(names, o->addr[k], text, sizeof(text)));
			break;
		case IPOPT_KIND_RR:
			print_route(f, o, names, memo);
			break;
		case IPOPT_KIND_TS:
			print_timestamps(f, o, names);
			break;
		case IPOPT_KIND_OTHER:
			fprintf(f, "\nunknown option %x", o->type);
			break;
		}
	}
	fputc('\n', f);
}
