/* quote_json.c — a hop's quote checks as JSON (see netdx/quote_json.h). */
#include "netdx/quote_json.h"

#include <stdlib.h>

#include "netdx/out.h"

/* int_or_null
 * A number when known is true, else null. */
static json_t *int_or_null(bool known, json_int_t v)
{
	return known ? json_integer(v) : json_null();
}

/* addr_or_null
 * An address as text, null when it is empty. */
static json_t *addr_or_null(const struct netdx_addr *a)
{
	char text[ADDR_STRLEN];
	if (!a->len)
		return json_null();
	addr_to_str(a, text, sizeof(text));
	return json_string(text);
}

json_t *quote_json_hop(const struct hops *h, const struct quote_path *p, int ttl)
{
	const struct quote_seen *s = &hops_at(h, ttl)->quote;
	json_t *o = json_object();
	if (!o)
		abort();
	out_json_set(o, "nat", json_boolean(p->nat_ttl == ttl));
	out_json_set(o, "tos_changed", json_boolean(p->tos_ttl == ttl));
	out_json_set(o, "tos_sent", json_integer(p->tos_sent));
	out_json_set(o, "tos_quoted", int_or_null(s->toses, s->tos));
	out_json_set(o, "checksums_checked", json_integer(s->sums));
	out_json_set(o, "checksums_changed", json_integer(s->sums_changed));
	out_json_set(o, "checksum_quoted", int_or_null(s->sums_changed, s->sum_quoted));
	out_json_set(o, "checksum_sent", int_or_null(s->sums_changed, s->sum_sent));
	out_json_set(o, "sources_checked", json_integer(s->addrs));
	out_json_set(o, "sources_changed", json_integer(s->addrs_changed));
	out_json_set(o, "source_quoted", s->toses ? addr_or_null(&s->src) : json_null());
	out_json_set(o, "source_first", addr_or_null(&p->src_first));
	out_json_set(o, "source_changed_quoted", addr_or_null(&s->src_seen));
	out_json_set(o, "source_changed_to", addr_or_null(&s->src_ours));
	return o;
}
