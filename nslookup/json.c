/* json.c — nslookup --json: every lookup with the server asked, the transport, the
 * round-trip time and the whole answer (header flags, rcode, each section's records
 * with their typed fields, EDNS). Schema in nslookup(1). */
#include "netdx/dns_edns.h"
#include "netdx/dns_host.h"
#include "netdx/dns_rdata.h"
#include "netdx/dns_type.h"
#include "netdx/out.h"
#include "nsl.h"

/* nsl_json_name
 * A name as JSON text, with its final dot. */
static json_t *nsl_json_name(const struct dns_name *n)
{
	char buf[DNS_NAME_MAXTEXT];

	dns_name_to_text(n, buf, sizeof(buf), true);
	return json_string(buf);
}

/* nsl_json_rr
 * One record: owner, type, class, TTL, presentation text and typed fields. */
static json_t *nsl_json_rr(const struct dns_msg *msg, const struct dns_rr *rr)
{
	json_t *j = json_object();
	char tb[DNS_TYPE_TEXTMAX], cb[DNS_TYPE_TEXTMAX];
	struct dns_rdata rd = dns_rdata_of(msg, rr);
	struct dns_text t;
	json_t *data;

	out_json_set(j, "name", nsl_json_name(&rr->name));
	out_json_set(j, "type", json_string(dns_type_to_text(rr->type, tb, sizeof(tb))));
	out_json_set(j, "class", json_string(dns_class_to_text(rr->cls, cb, sizeof(cb))));
	out_json_set(j, "ttl", json_integer(rr->ttl));
	dns_text_init(&t);
	dns_rdata_to_text(&rd, &t);
	out_json_set(j, "rdata", json_string(dns_text_str(&t)));
	dns_text_free(&t);
	data = dns_rdata_to_json(&rd);
	out_json_set(j, "data", data ? data : json_null());
	return j;
}

/* nsl_json_flags
 * The header bits by name. */
static json_t *nsl_json_flags(uint16_t f)
{
	json_t *j = json_object();

	out_json_set(j, "qr", json_boolean(f & DNS_FLAG_QR));
	out_json_set(j, "aa", json_boolean(f & DNS_FLAG_AA));
	out_json_set(j, "tc", json_boolean(f & DNS_FLAG_TC));
	out_json_set(j, "rd", json_boolean(f & DNS_FLAG_RD));
	out_json_set(j, "ra", json_boolean(f & DNS_FLAG_RA));
	out_json_set(j, "z", json_boolean(f & DNS_FLAG_Z));
	out_json_set(j, "ad", json_boolean(f & DNS_FLAG_AD));
	out_json_set(j, "cd", json_boolean(f & DNS_FLAG_CD));
	return j;
}

/* nsl_json_message
 * Header, flags, counts, question, the three sections and EDNS. */
json_t *nsl_json_message(const struct dns_msg *msg)
{
	static const char *const sections[] = {NULL, "answer", "authority", "additional"};
	json_t *j = json_object(), *q = json_array(), *counts = json_object();
	char rc[16], op[16], tb[DNS_TYPE_TEXTMAX], cb[DNS_TYPE_TEXTMAX];

	out_json_set(j, "id", json_integer(msg->id));
	out_json_set(j, "opcode", json_string(dns_opcode_to_text(msg->opcode, op, sizeof(op))));
	out_json_set(j, "rcode", json_string(dns_rcode_to_text(msg->rcode, rc, sizeof(rc))));
	out_json_set(j, "rcode_value", json_integer(msg->rcode));
	out_json_set(j, "flags", nsl_json_flags(msg->flags));
	out_json_set(counts, "question", json_integer(msg->counts[0]));
	out_json_set(counts, "answer", json_integer(msg->counts[1]));
	out_json_set(counts, "authority", json_integer(msg->counts[2]));
	out_json_set(counts, "additional", json_integer(msg->counts[3]));
	out_json_set(j, "counts", counts);
	for (size_t i = 0; i < msg->n_q; i++) {
		json_t *e = json_object();
		out_json_set(e, "name", nsl_json_name(&msg->q[i].name));
		out_json_set(e, "type", json_string(dns_type_to_text(msg->q[i].type, tb, sizeof(tb))));
		out_json_set(e, "class", json_string(dns_class_to_text(msg->q[i].cls, cb, sizeof(cb))));
		json_array_append_new(q, e);
	}
	out_json_set(j, "question", q);
	for (int s = DNS_S_ANSWER; s <= DNS_S_ADDITIONAL; s++) {
		json_t *arr = json_array();
		for (size_t i = 0; i < msg->n[s]; i++)
			json_array_append_new(arr, nsl_json_rr(msg, &msg->rr[s][i]));
		out_json_set(j, sections[s], arr);
	}
	out_json_set(j, "edns", dns_edns_to_json(msg));
	out_json_set(j, "size", json_integer((json_int_t)msg->len));
	return j;
}

/* nsl_json_lookup
 * The lookup, the server asked, the transport, the RTT and the message. */
json_t *nsl_json_lookup(const char *textname, const struct dns_name *qname, uint16_t type,
			uint16_t cls, const struct nsl_server *server, uint16_t port,
			const struct dns_msg *msg, double rtt_ms, bool tcp, json_t *warnings)
{
	json_t *j = json_object(), *srv = json_object();
	char tb[DNS_TYPE_TEXTMAX], cb[DNS_TYPE_TEXTMAX];
	bool asked = server->name[0] != '\0'; /* else its name did not resolve */

	out_json_set(j, "name", json_string(textname));
	out_json_set(j, "qname", qname->len ? nsl_json_name(qname) : json_null());
	out_json_set(j, "type", json_string(dns_type_to_text(type, tb, sizeof(tb))));
	out_json_set(j, "class", json_string(dns_class_to_text(cls, cb, sizeof(cb))));
	out_json_set(srv, "name", json_string(server->userarg));
	out_json_set(srv, "address", asked ? json_string(server->name) : json_null());
	out_json_set(srv, "port", json_integer(port));
	out_json_set(j, "server", srv);
	out_json_set(j, "transport", asked ? json_string(tcp ? "tcp" : "udp") : json_null());
	out_json_set(j, "rtt_ms", msg ? out_json_ms(rtt_ms) : json_null());
	out_json_set(j, "warnings", warnings ? warnings : json_array());
	out_json_set(j, "message", msg ? nsl_json_message(msg) : json_null());
	return j;
}
