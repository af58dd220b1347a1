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

/* The JSON object a record's fields build (dns_rdata_walk's visitor). */
struct nsl_json_fields {
	json_t *obj;     /* the record's fields */
	json_t *inner;   /* the list or map being filled, or NULL */
	const char *key; /* its key */
};

/* nsl_json_field
 * One event of the rdata walk: a value goes into the open list or map, else into
 * the object under its key; a list or map goes in when it ends. */
static void nsl_json_field(void *arg, const struct dns_rdata_field *f)
{
	struct nsl_json_fields *b = arg;
	json_t *v;

	switch (f->event) {
	case DNS_RDATA_LIST:
	case DNS_RDATA_MAP:
		b->inner = f->event == DNS_RDATA_LIST ? json_array() : json_object();
		b->key = f->key;
		return;
	case DNS_RDATA_END:
		json_object_set_new(b->obj, b->key, b->inner);
		b->inner = NULL;
		return;
	case DNS_RDATA_NUMBER:
		v = json_integer(f->number);
		break;
	case DNS_RDATA_TEXT:
	default:
		v = json_string(f->text);
		break;
	}
	if (b->inner == NULL)
		json_object_set_new(b->obj, f->key, v);
	else if (json_is_array(b->inner))
		json_array_append_new(b->inner, v);
	else
		json_object_set_new(b->inner, f->key, v);
}

/* nsl_json_rdata
 * The typed fields of a record ({"preference": 10, "exchange": "mail.example."},
 * {"data": "\\# 4 0A000001"} for RFC 3597), or JSON null when they are malformed. */
static json_t *nsl_json_rdata(const struct dns_rdata *rd)
{
	struct nsl_json_fields b = {json_object(), NULL, NULL};

	if (b.obj == NULL || dns_rdata_walk(rd, nsl_json_field, &b) != DNS_OK) {
		json_decref(b.obj);
		return json_null();
	}
	return b.obj;
}

/* nsl_json_edns
 * The OPT record's fields and options, or JSON null without one. */
static json_t *nsl_json_edns(const struct dns_msg *msg)
{
	const struct dns_edns *e = &msg->edns;
	json_t *obj, *opts;

	if (!e->present)
		return json_null();
	obj = json_object();
	opts = json_array();
	json_object_set_new(obj, "version", json_integer(e->version));
	json_object_set_new(obj, "udp_size", json_integer(e->udp_size));
	json_object_set_new(obj, "do", json_boolean(e->do_bit));
	json_object_set_new(obj, "flags", json_integer(e->flags));
	json_object_set_new(obj, "ext_rcode", json_integer(e->ext_rcode));
	for (size_t i = 0; i < e->n_opts; i++) {
		const struct dns_edns_opt *o = &e->opts[i];
		const char *name = dns_edns_opt_name(o->code);
		json_t *j = json_object();
		struct dns_text t;
		dns_text_init(&t);
		dns_text_hex(&t, msg->wire + o->off, o->len, 0);
		json_object_set_new(j, "code", json_integer(o->code));
		json_object_set_new(j, "name", name ? json_string(name) : json_null());
		json_object_set_new(j, "hex", json_string(dns_text_str(&t)));
		dns_text_clear(&t);
		dns_edns_opt_text(msg, o, &t);
		json_object_set_new(j, "text", json_string(dns_text_str(&t)));
		dns_text_free(&t);
		json_array_append_new(opts, j);
	}
	json_object_set_new(obj, "options", opts);
	return obj;
}

/* nsl_json_rr
 * One record: owner, type, class, TTL, presentation text and typed fields. */
static json_t *nsl_json_rr(const struct dns_msg *msg, const struct dns_rr *rr)
{
	json_t *j = json_object();
	char tb[DNS_TYPE_TEXTMAX], cb[DNS_TYPE_TEXTMAX];
	struct dns_rdata rd = dns_rdata_of(msg, rr);
	struct dns_text t;

	out_json_set(j, "name", nsl_json_name(&rr->name));
	out_json_set(j, "type", json_string(dns_type_to_text(rr->type, tb, sizeof(tb))));
	out_json_set(j, "class", json_string(dns_class_to_text(rr->cls, cb, sizeof(cb))));
	out_json_set(j, "ttl", json_integer(rr->ttl));
	dns_text_init(&t);
	dns_rdata_to_text(&rd, &t);
	out_json_set(j, "rdata", json_string(dns_text_str(&t)));
	dns_text_free(&t);
	out_json_set(j, "data", nsl_json_rdata(&rd));
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
		out_json_set(e, "type",
			     json_string(dns_type_to_text(msg->q[i].type, tb, sizeof(tb))));
		out_json_set(e, "class",
			     json_string(dns_class_to_text(msg->q[i].cls, cb, sizeof(cb))));
		json_array_append_new(q, e);
	}
	out_json_set(j, "question", q);
	for (int s = DNS_S_ANSWER; s <= DNS_S_ADDITIONAL; s++) {
		json_t *arr = json_array();
		for (size_t i = 0; i < msg->n[s]; i++)
			json_array_append_new(arr, nsl_json_rr(msg, &msg->rr[s][i]));
		out_json_set(j, sections[s], arr);
	}
	out_json_set(j, "edns", nsl_json_edns(msg));
	out_json_set(j, "size", json_integer((json_int_t)msg->len));
	return j;
}

/* nsl_json_lookup
 * The lookup, the server asked, the transport, the RTT and the message. */
json_t *nsl_json_lookup(const char *textname, const struct dns_name *qname, uint16_t type,
			uint16_t cls, const struct nsl_server *server, uint16_t port,
			const struct dns_msg *msg, double rtt_ms, const char *transport,
			json_t *warnings)
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
	out_json_set(j, "transport", asked ? json_string(transport) : json_null());
	out_json_set(j, "rtt_ms", msg ? out_json_ms(rtt_ms) : json_null());
	out_json_set(j, "warnings", warnings ? warnings : json_array());
	out_json_set(j, "message", msg ? nsl_json_message(msg) : json_null());
	return j;
}

/* nsl_json_transfer
 * Which message of a transfer a lookup entry holds, and where the transfer stands. */
json_t *nsl_json_transfer(unsigned part, enum dns_xfr_state state)
{
	static const char *const states[] = {[DNS_XFR_MORE] = "more",
					     [DNS_XFR_DONE] = "done",
					     [DNS_XFR_FAILED] = "failed",
					     [DNS_XFR_NOSOA] = "nosoa"};
	json_t *j = json_object();

	out_json_set(j, "message", json_integer(part));
	out_json_set(j, "state", json_string(states[state]));
	return j;
}
