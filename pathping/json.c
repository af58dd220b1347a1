/* json.c — pathping --json: the statistics table and the verdict as one document. */
#include "netdx/out.h"
#include "pathping.h"

/* loss_json
 * A loss figure: lost, sent, percent and its 95% Wilson interval. */
static json_t *loss_json(const struct hop_loss *l)
{
	json_t *o = json_object();
	out_json_set(o, "lost", json_integer((json_int_t)l->lost));
	out_json_set(o, "sent", json_integer((json_int_t)l->sent));
	out_json_set(o, "pct", out_json_ms(l->pct));
	json_t *ci = json_array();
	json_array_append_new(ci, out_json_ms(l->lo_pct));
	json_array_append_new(ci, out_json_ms(l->hi_pct));
	out_json_set(o, "ci95_pct", ci);
	return o;
}

/* hop_json
 * One hop: who answered, RTT, the three loss figures and the verdict's flags. */
static json_t *hop_json(const struct pathping *pp, int ttl)
{
	char text[ADDR_STRLEN], name[256];
	const struct hop *hp = hops_at(&pp->stats, ttl);
	struct hop_loss here, link, node, flag;
	hops_loss(&pp->stats, ttl, &here);
	hops_split_loss(&pp->stats, ttl, &link, &node);
	json_t *o = json_object(), *resp = json_array();
	out_json_set(o, "hop", json_integer(ttl));
	for (size_t i = 0; i < hp->n_responders; i++) {
		const struct netdx_addr *a = &hp->responders[i].addr;
		json_t *r = json_object();
		out_json_set(r, "address", json_string(addr_to_str(a, text, sizeof(text))));
		out_json_set(r, "name", !pp->numeric && addr_reverse_name(a, name, sizeof(name))
					       ? json_string(name) : json_null());
		out_json_set(r, "received", json_integer((json_int_t)hp->responders[i].received));
		json_array_append_new(resp, r);
	}
	out_json_set(o, "responders", resp);
	out_json_set(o, "rtt_ms", hp->stats.received ? out_json_ms(stats_mean_ms(&hp->stats))
						     : json_null());
	out_json_set(o, "source_to_here", loss_json(&here));
	out_json_set(o, "this_node", loss_json(&node));
	out_json_set(o, "link_into", loss_json(&link));
	out_json_set(o, "loss_starts_here", json_boolean(pathping_link_loss_starts(pp, ttl, &flag)));
	out_json_set(o, "node_only_loss", json_boolean(pathping_node_only_loss(pp, ttl, &flag)));
	return o;
}

bool pathping_print_json(const struct pathping *pp, FILE *out)
{
	char text[ADDR_STRLEN];
	json_t *doc = json_object(), *hops = json_array();
	out_json_set(doc, "target", json_string(pp->target));
	out_json_set(doc, "address", json_string(pp->target_text));
	out_json_set(doc, "source", json_string(addr_to_str(&pp->local, text, sizeof(text))));
	out_json_set(doc, "max_hops", json_integer(pp->max_hops));
	out_json_set(doc, "queries", json_integer(pp->queries));
	out_json_set(doc, "period_ms", json_integer(pp->period_ms));
	out_json_set(doc, "timeout_ms", json_integer(pp->timeout_ms));
	out_json_set(doc, "seconds", out_json_ms(pp->seconds));
	for (int ttl = 1; ttl <= pp->last_ttl; ttl++)
		json_array_append_new(hops, hop_json(pp, ttl));
	out_json_set(doc, "hops", hops);
	out_json_set(doc, "reached", json_boolean(pp->stats.dest_ttl != 0));
	out_json_set(doc, "counters", out_json_probe_counters(&pp->counters));
	return out_json_emit(out, doc, true);
}
