/* json.c — pathping --json: the statistics table, the findings and the verdict's
 * sentences as one document. */
#include "netdx/out.h"
#include "netdx/probe_json.h"
#include "netdx/quote_json.h"
#include "pathping.h"

/* loss_json
 * A loss figure: lost, sent, percent and its 95% interval. */
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
 * One hop: who answered, RTT, the three loss figures, the verdict's flags and the
 * quote checks. */
static json_t *hop_json(const struct pathping *pp, int ttl)
{
	char text[ADDR_STRLEN];
	const struct hop *hp = hops_at(&pp->stats, ttl);
	struct hop_loss here, link, node;
	hops_loss(&pp->stats, ttl, &here);
	hops_split_loss(&pp->stats, pp->rows, ttl, &link, &node);
	json_t *o = json_object(), *resp = json_array();
	out_json_set(o, "hop", json_integer(ttl));
	for (size_t i = 0; i < hp->n_responders; i++) {
		const struct netdx_addr *a = &hp->responders[i].addr;
		const char *name = pp->names ? names_get(pp->names, a) : NULL;
		json_t *r = json_object();
		out_json_set(r, "address", json_string(addr_to_str(a, text, sizeof(text))));
		out_json_set(r, "name", name && *name ? json_string(name) : json_null());
		out_json_set(r, "received", json_integer((json_int_t)hp->responders[i].received));
		json_array_append_new(resp, r);
	}
	out_json_set(o, "responders", resp);
	out_json_set(o, "rtt_ms",
		     hp->stats.received ? out_json_ms(stats_mean_ms(&hp->stats)) : json_null());
	out_json_set(o, "source_to_here", loss_json(&here));
	out_json_set(o, "this_node", loss_json(&node));
	out_json_set(o, "link_into", loss_json(&link));
	out_json_set(o, "loss_starts_here",
		     json_boolean(link.lost && hops_found_at(pp->findings, pp->n_findings,
							     HOPS_LOSS_STARTS, ttl)));
	out_json_set(
		o, "node_only_loss",
		json_boolean(hops_found_at(pp->findings, pp->n_findings, HOPS_NODE_ONLY, ttl)));
	struct quote_path qp;
	quote_check_path(&pp->stats, pp->rows, 0, &qp);
	out_json_set(o, "quote", quote_json_hop(&pp->stats, &qp, ttl));
	return o;
}

/* finding_json
 * One finding: its kind, the hops it is about, the hop compared with, its figure, and
 * for loss the sample cannot tell, the queries that would. */
static json_t *finding_json(const struct hops_finding *f)
{
	static const char *const kinds[] = {
		[HOPS_UNREACHED] = "unreached",
		[HOPS_LOSS_STARTS] = "loss_starts",
		[HOPS_NODE_ONLY] = "node_only",
		[HOPS_UNDECIDED] = "undecided",
	};
	json_t *o = json_object(), *hops = json_array();
	out_json_set(o, "kind", json_string(kinds[f->kind]));
	json_array_append_new(hops, json_integer(f->first));
	json_array_append_new(hops, json_integer(f->last));
	out_json_set(o, "hops", hops);
	out_json_set(o, "compared_with_hop", f->ref ? json_integer(f->ref) : json_null());
	if (f->kind != HOPS_UNREACHED)
		out_json_set(o, "loss", loss_json(&f->loss));
	if (f->kind == HOPS_UNDECIDED)
		out_json_set(o, "queries_needed", json_integer((json_int_t)f->need));
	return o;
}

/* append_line
 * One verdict sentence into the array. */
static void append_line(void *arg, const char *text)
{
	json_array_append_new(arg, json_string(text));
}

bool pathping_print_json(const struct pathping *pp, FILE *out)
{
	char text[ADDR_STRLEN];
	json_t *doc = json_object(), *hops = json_array(), *findings = json_array();
	json_t *verdict = json_array();
	out_json_set(doc, "target", json_string(pp->target));
	out_json_set(doc, "address", json_string(pp->path.dst_text));
	out_json_set(doc, "source", json_string(addr_to_str(&pp->path.src, text, sizeof(text))));
	out_json_set(doc, "max_hops", json_integer(pp->max_hops));
	out_json_set(doc, "queries", json_integer((json_int_t)pp->queries_sent));
	out_json_set(doc, "queries_requested", json_integer(pp->queries));
	out_json_set(doc, "period_ms", json_integer(pp->period_ms));
	out_json_set(doc, "timeout_ms", json_integer(pp->timeout_ms));
	out_json_set(doc, "seconds", out_json_ms((double)pp->elapsed_ms / 1000));
	out_json_set(doc, "seconds_planned", out_json_ms((double)pp->planned_ms / 1000));
	out_json_set(doc, "interrupted", json_boolean(pp->interrupted));
	for (int ttl = 1; ttl <= pp->rows; ttl++)
		json_array_append_new(hops, hop_json(pp, ttl));
	out_json_set(doc, "hops", hops);
	out_json_set(doc, "reached", json_boolean(pp->stats.dest_ttl != 0));
	for (size_t i = 0; i < pp->n_findings && i < HOPS_MAX_FINDINGS; i++)
		json_array_append_new(findings, finding_json(&pp->findings[i]));
	out_json_set(doc, "findings", findings);
	pathping_verdict(pp, append_line, verdict);
	out_json_set(doc, "verdict", verdict);
	out_json_set(doc, "counters", probe_json_counters(&pp->counters));
	return out_json_emit(out, doc, true);
}
