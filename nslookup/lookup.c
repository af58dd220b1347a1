/* lookup.c — the lookup engine, behaving as BIND 9.18's dighost does for nslookup:
 * the search list and ndots, one server after another, retries that are counted per
 * lookup, TCP after a truncated answer, the next server after SERVFAIL or a server
 * without recursion, and the same ";; ..." lines on the way.
 *
 * Lookups run one at a time from a queue (the AAAA lookup of a default lookup and the
 * next search domain are queued by the one before), each on the event loop until its
 * query settles. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netdx/dns_host.h"
#include "netdx/dns_name.h"
#include "netdx/dns_query.h"
#include "netdx/dns_reverse.h"
#include "netdx/dns_tls.h"
#include "netdx/dns_type.h"
#include "netdx/wire.h"
#include "nsl.h"

/* One lookup: BIND's dig_lookup_t, reduced to what nslookup uses. */
struct lk {
	struct lk *next;                 /* queue link */
	char textname[DNS_NAME_MAXTEXT]; /* the name as typed (or the chased AAAA name) */
	uint16_t rdtype;
	uint16_t rdclass;
	int origin;           /* search list entry in use; -1: none (root) */
	bool new_search;      /* first of its search sequence */
	bool need_search;     /* as-is first, the search list after */
	bool done_as_is;      /* the as-is name was (or is being) tried */
	bool tcp_mode;        /* TCP */
	bool xfr;             /* a zone transfer: AXFR, or IXFR over TCP (BIND's doing_xfr) */
	uint32_t ixfr_serial; /* IXFR: the serial asked from (0 unless type=ixfr=N) */
	unsigned xfr_parts;   /* transfer messages of the running query so far */
	unsigned retries;     /* attempts left, shared by every server */
	struct dns_name name; /* the name asked (after setup) */
	size_t si;            /* server being asked */
	bool finished;        /* nothing more to do for this lookup */
	json_t *warnings;     /* --json: its ";; ..." lines */
};

/* The engine of one lk_lookup() call. */
struct engine {
	struct nsl_run *run;
	struct lk *head; /* queued lookups */
	struct lk *tail;
	struct lk *cur;  /* the lookup whose query is running */
	bool a_noanswer; /* BIND's a_noanswer: the A lookup had no data */
	bool fatal;      /* a fatal error ended everything */
};

/* lk_note
 * One ";; ..." line: printed, or kept for the JSON document. */
static void lk_note(struct engine *e, struct lk *l, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void lk_note(struct engine *e, struct lk *l, const char *fmt, ...)
{
	char buf[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (e->run->json) {
		if (l->warnings == NULL)
			l->warnings = json_array();
		json_array_append_new(l->warnings, json_string(buf));
		return;
	}
	fprintf(e->run->out, ";; %s\n", buf);
}

/* lk_new
 * A lookup with BIND's make_empty_lookup defaults and the current settings. */
static struct lk *lk_new(struct engine *e)
{
	struct lk *l = calloc(1, sizeof(*l));

	if (l == NULL)
		nsl_fail(NSL_EXIT_FAIL, "out of memory");
	l->rdtype = e->run->set.type;
	l->rdclass = e->run->set.cls;
	l->origin = -1;
	l->retries = e->run->set.tries;
	l->tcp_mode = e->run->set.vc || e->run->set.tls;
	l->ixfr_serial = e->run->set.ixfr_serial;
	/* BIND: AXFR always over TCP; IXFR is a transfer only over TCP (-vc), and
	 * ixfr=N (ours; dig's) asks for one */
	l->xfr = l->rdtype == DNS_T_AXFR ||
		 (l->rdtype == DNS_T_IXFR && (l->tcp_mode || e->run->set.ixfr_serial_set));
	l->tcp_mode = l->tcp_mode || l->xfr;
	return l;
}

/* lk_clone
 * BIND's clone_lookup: the same question and search state, asked anew. */
static struct lk *lk_clone(const struct lk *old)
{
	struct lk *l = malloc(sizeof(*l));

	if (l == NULL)
		nsl_fail(NSL_EXIT_FAIL, "out of memory");
	*l = *old;
	l->next = NULL;
	l->new_search = false;
	l->si = 0;
	l->finished = false;
	l->warnings = NULL;
	return l;
}

/* lk_retry
 * The same lookup asked anew (over TCP, with the next search domain, once more)
 * where old ends without an entry of its own: its ";; ..." lines go with the new
 * one, so --json keeps every line text mode prints. */
static struct lk *lk_retry(struct lk *old)
{
	struct lk *l = lk_clone(old);

	l->warnings = old->warnings;
	old->warnings = NULL;
	return l;
}

/* lk_free
 * Release a lookup, and the notes no entry took. */
static void lk_free(struct lk *l)
{
	json_decref(l->warnings);
	free(l);
}

/* lk_queue_append
 * Add a lookup at the end of the queue. */
static void lk_queue_append(struct engine *e, struct lk *l)
{
	l->next = NULL;
	if (e->tail)
		e->tail->next = l;
	else
		e->head = l;
	e->tail = l;
}

/* lk_queue_prepend
 * BIND's requeue_lookup: the new lookup runs next. */
static void lk_queue_prepend(struct engine *e, struct lk *l)
{
	l->next = e->head;
	e->head = l;
	if (e->tail == NULL)
		e->tail = l;
}

/* lk_queue_pop
 * Take the first lookup off the queue (NULL when empty). */
static struct lk *lk_queue_pop(struct engine *e)
{
	struct lk *l = e->head;

	if (l) {
		e->head = l->next;
		if (e->head == NULL)
			e->tail = NULL;
		l->next = NULL;
	}
	return l;
}

/* lk_count_dots
 * Dots in the text, escaped or not (BIND counts them so). */
static unsigned lk_count_dots(const char *s)
{
	unsigned n = 0;

	for (; *s; s++)
		n += *s == '.';
	return n;
}

/* lk_text_labels
 * Labels of the text as a name (relative: without the root), or -1 if it does not
 * parse; *absolute tells whether it ends in a dot. */
static int lk_text_labels(const char *text, bool *absolute)
{
	struct dns_name n;

	if (dns_name_from_text(text, NULL, &n, absolute) != DNS_OK)
		return -1;
	return (int)dns_name_labels(&n) - (*absolute ? 0 : 1);
}

/* lk_next_origin
 * BIND's next_origin: queue the lookup with the next search domain, if any. */
static bool lk_next_origin(struct engine *e, struct lk *old)
{
	const struct nsl_settings *s = &e->run->set;
	bool absolute = false;
	struct lk *l;

	if (!s->usesearch)
		return false;
	int labels = lk_text_labels(old->textname, &absolute);
	if (labels >= 0 && (absolute || labels > (int)s->ndots))
		return false;
	if (old->origin < 0 && !old->need_search)
		return false;
	if (old->origin < 0 && old->need_search) {
		l = lk_retry(old);
		l->origin = s->n_search > 0 ? 0 : -1;
		l->need_search = false;
	} else {
		int next = old->origin + 1 < (int)s->n_search ? old->origin + 1 : -1;
		if (next < 0 && old->done_as_is)
			return false;
		l = lk_retry(old);
		l->origin = next;
	}
	l->retries = old->retries;
	lk_queue_prepend(e, l);
	return true;
}

/* lk_setup
 * BIND's setup_lookup: pick the origin and build the name. Returns false when this
 * name cannot be asked (too long with this domain); exits on illegal names. */
static bool lk_setup(struct engine *e, struct lk *l)
{
	const struct nsl_settings *s = &e->run->set;
	enum dns_status st;

	if (l->new_search) {
		if (lk_count_dots(l->textname) >= s->ndots || !s->usesearch) {
			l->origin = -1;
			l->done_as_is = true;
			l->need_search = s->usesearch;
		} else if (s->usesearch) {
			l->origin = s->n_search > 0 ? 0 : -1;
			l->need_search = false;
		}
	}
	if (l->origin >= 0) {
		struct dns_name origin;
		const char *domain = s->search[l->origin];
		st = dns_name_from_text(domain, NULL, &origin, NULL);
		if (st != DNS_OK)
			nsl_fail(NSL_EXIT_FAIL, "'%s' is not in legal name syntax (%s)", domain,
				 dns_status_str(st));
		st = dns_name_from_text(l->textname, &origin, &l->name, NULL);
		if (st == DNS_E_NAMETOOLONG)
			return false;
		if (st != DNS_OK)
			nsl_fail(NSL_EXIT_FAIL, "'%s' is not in legal name syntax (%s)",
				 l->textname, dns_status_str(st));
		return true;
	}
	st = dns_name_from_text(l->textname, NULL, &l->name, NULL);
	if (st != DNS_OK)
		nsl_fail(NSL_EXIT_BADNAME, "'%s' is not a legal name (%s)", l->textname,
			 dns_status_str(st));
	return true;
}

static void lk_start_query(struct engine *e, struct lk *l);

/* lk_transport
 * What a lookup to srv goes over, in the JSON's words. */
static const char *lk_transport(const struct nsl_settings *s, const struct nsl_server *srv,
				bool tcp)
{
	return srv->https ? "https" : s->tls ? "tls" : tcp ? "tcp" : "udp";
}

/* lk_warn_insecure
 * --insecure, said once on stderr: called when a TLS or HTTPS context was just made,
 * it speaks for the first (the other is not made yet). */
static void lk_warn_insecure(const struct nsl_run *run)
{
	if (run->trust.insecure && !(run->tls.ctx && run->https))
		fprintf(stderr,
			"nslookup: warning: --insecure: TLS certificates are not verified\n");
}

/* lk_tls
 * The TLS context, made at the first TLS query (the CA certificates read then); one
 * that cannot be made ends the run. */
static const struct dns_stream_layer *lk_tls(struct nsl_run *run)
{
	char why[256];

	if (run->tls.ctx)
		return &run->tls;
	if (!dns_tls_new(&run->trust, &run->tls, why, sizeof(why)))
		nsl_fail(NSL_EXIT_FAIL, "%s: %s", run->trust.ca_file ? "tls-ca" : "TLS", why);
	lk_warn_insecure(run);
	return &run->tls;
}

/* lk_server_text
 * "10.0.0.1#53": the server being asked, as BIND's isc_sockaddr_format. */
static const char *lk_server_text(const struct engine *e, const struct lk *l, char *buf, size_t len)
{
	char a[ADDR_STRLEN];

	dns_host_text(&e->run->set.servers[l->si].addr, a, sizeof(a));
	snprintf(buf, len, "%s#%u", a, opt_server_port(&e->run->set, l->si));
	return buf;
}

/* lk_chase_cname
 * Follow the answer's CNAME chain from name (BIND's chase_cnamechain). */
static void lk_chase_cname(const struct dns_msg *msg, struct dns_name *name)
{
	for (size_t hops = 0; hops < msg->n[DNS_S_ANSWER]; hops++) {
		bool moved = false;
		for (size_t i = 0; i < msg->n[DNS_S_ANSWER]; i++) {
			const struct dns_rr *rr = &msg->rr[DNS_S_ANSWER][i];
			if (rr->type != DNS_T_CNAME || !dns_name_equal(&rr->name, name))
				continue;
			size_t pos = rr->rdoff;
			struct dns_name target;
			if (dns_name_unpack(msg->wire, rr->rdoff + rr->rdlen, &pos, &target) ==
			    DNS_OK) {
				*name = target;
				moved = true;
			}
			break;
		}
		if (!moved)
			return;
	}
}

/* lk_deliver
 * BIND's printmessage: the text (or JSON) of an answer, and the AAAA follow-up of a
 * default lookup. */
static void lk_deliver(struct engine *e, struct lk *l, const struct dns_msg *msg,
		       const struct dns_query_event *ev)
{
	struct nsl_run *run = e->run;
	const struct nsl_settings *s = &run->set;

	run->query_error = false;
	if (l->xfr)
		l->xfr_parts++;
	if (run->json) {
		json_t *j = nsl_json_lookup(
			l->textname, &l->name, l->rdtype, l->rdclass, &s->servers[l->si],
			opt_server_port(s, l->si), msg, ev->rtt_ms,
			lk_transport(s, &s->servers[l->si], ev->tcp), l->warnings);
		l->warnings = NULL;
		if (s->tls || s->servers[l->si].https)
			json_object_set_new(j, "tls_verified", json_boolean(!run->trust.insecure));
		if (l->xfr)
			json_object_set_new(j, "transfer",
					    nsl_json_transfer(l->xfr_parts, ev->xfr));
		json_array_append_new(run->json_lookups, j);
	} else {
		struct nsl_print_ctx ctx = {&s->servers[l->si], opt_server_port(s, l->si),
					    l->rdtype,          s->default_lookups,
					    s->debug,           l->textname,
					    &l->name,           e->a_noanswer};
		print_message(run->out, &ctx, msg);
	}
	if (msg->rcode != DNS_R_NOERROR) {
		run->print_error = true;
		return;
	}
	if (s->default_lookups && l->rdtype == DNS_T_A) {
		struct dns_name chased = l->name;
		struct lk *aaaa = lk_clone(l);
		lk_chase_cname(msg, &chased);
		dns_name_to_text(&chased, aaaa->textname, sizeof(aaaa->textname), false);
		aaaa->rdtype = DNS_T_AAAA;
		aaaa->origin = -1;
		aaaa->need_search = false;
		aaaa->done_as_is = false;
		aaaa->retries = s->tries;
		lk_queue_append(e, aaaa);
		if (msg->n[DNS_S_ANSWER] == 0)
			e->a_noanswer = true;
	}
}

/* lk_fail_json
 * --json: a lookup that ended without an answer still gets its entry. */
static void lk_fail_json(struct engine *e, struct lk *l, const char *why)
{
	if (!e->run->json)
		return;
	if (why)
		lk_note(e, l, "%s", why);
	json_t *j = nsl_json_lookup(
		l->textname, &l->name, l->rdtype, l->rdclass, &e->run->set.servers[l->si],
		opt_server_port(&e->run->set, l->si), NULL, 0,
		lk_transport(&e->run->set, &e->run->set.servers[l->si], l->tcp_mode), l->warnings);
	l->warnings = NULL;
	json_array_append_new(e->run->json_lookups, j);
}

/* lk_no_servers
 * The lookup gave up on every server. */
static void lk_no_servers(struct engine *e, struct lk *l)
{
	if (e->run->json)
		lk_fail_json(e, l, "no servers could be reached");
	else
		lk_note(e, l, "no servers could be reached");
	l->finished = true;
}

/* lk_next_server
 * Ask the next server, or end the lookup when none is left. */
static void lk_next_server(struct engine *e, struct lk *l)
{
	if (l->si + 1 < e->run->set.n_servers) {
		l->si++;
		lk_start_query(e, l);
		return;
	}
	lk_no_servers(e, l);
}

/* lk_on_error
 * BIND's handling of a failed exchange (timeout, socket error): retry the server,
 * requeue the lookup (TCP), move to the next server, or give up. */
static void lk_on_error(struct engine *e, struct lk *l, const struct dns_query_event *ev)
{
	char sv[ADDR_STRLEN + 8];
	bool timeout = ev->kind == DNS_QE_TIMEOUT;
	const char *why = ev->detail ? ev->detail
				     : print_error_text(ev->err, timeout, !timeout && ev->err == 0);

	lk_server_text(e, l, sv, sizeof(sv));
	if (ev->https && ev->detail) {
		/* HTTPS: TLS, an HTTP status, a body that is no DNS message: asking the
		 * same server again would get the same */
		lk_note(e, l, "communications error to %s: %s", sv, ev->detail);
		lk_next_server(e, l);
		return;
	}
	if (ev->setup) {
		/* UDP setup / TCP connect failed or timed out (udp_ready, tcp_connected) */
		lk_note(e, l, "%s %s(%s) for %s failed: %s.",
			l->tcp_mode ? "Connection to" : "UDP setup with", sv,
			e->run->set.servers[l->si].name, l->textname, why);
		if (l->retries > 1) {
			l->retries--;
			struct lk *again = lk_clone(l);
			lk_queue_prepend(e, again);
			lk_no_servers(e, l);
			return;
		}
		lk_next_server(e, l);
		return;
	}
	lk_note(e, l, "communications error to %s: %s", sv, why);
	if (l->retries > 1 && !l->tcp_mode) {
		l->retries--;
		lk_start_query(e, l);
		return;
	}
	if (l->retries > 1 && l->tcp_mode) {
		l->retries--;
		struct lk *again = lk_retry(l);
		lk_queue_prepend(e, again);
		l->finished = true;
		return;
	}
	lk_next_server(e, l);
}

/* lk_on_ignored
 * A reply that is not the answer: BIND's warnings, and for TCP the end of the lookup. */
static void lk_on_ignored(struct engine *e, struct lk *l, struct dns_query *q,
			  const struct dns_query_event *ev)
{
	char nb[DNS_NAME_MAXTEXT], tb[DNS_TYPE_TEXTMAX], cb[DNS_TYPE_TEXTMAX], ob[16];

	switch (ev->why) {
	case DNS_M_WRONG_ID:
		lk_note(e, l, "%s: ID mismatch: expected ID %u, got %u",
			l->tcp_mode ? "ERROR" : "Warning", ev->id, ev->got_id);
		break;
	case DNS_M_SHORT:
		lk_note(e, l, "%s",
			l->tcp_mode ? "ERROR: short (< header size) message"
				    : "Warning: short (< header size) message received");
		break;
	case DNS_M_NOT_RESPONSE:
		if (!(wire_be16(ev->raw + 2) & DNS_FLAG_QR))
			lk_note(e, l, "Warning: query response not set");
		else
			lk_note(e, l, "Warning: Opcode mismatch: expected QUERY, got %s",
				dns_opcode_to_text((wire_be16(ev->raw + 2) >> 11) & 0x0f, ob,
						   sizeof(ob)));
		return;
	case DNS_M_WRONG_QUESTION:
		dns_name_to_text(&ev->got_q.name, nb, sizeof(nb), false);
		lk_note(e, l, ";; Question section mismatch: got %s/%s/%s", nb,
			dns_type_to_text(ev->got_q.type, tb, sizeof(tb)),
			dns_class_to_text(ev->got_q.cls, cb, sizeof(cb)));
		break;
	default:
		return;
	}
	if (l->tcp_mode && ev->why != DNS_M_NOT_RESPONSE) {
		/* BIND cancels a TCP lookup on a mismatch */
		dns_query_cancel(q);
		l->finished = true;
		lk_fail_json(e, l, NULL);
	}
}

/* lk_xfr_verdict
 * BIND's line after the last message of a transfer that failed (the JSON entry
 * says it in its "transfer" state). */
static void lk_xfr_verdict(struct engine *e, const struct lk *l, enum dns_xfr_state st)
{
	if (!l->xfr || e->run->json)
		return;
	if (st == DNS_XFR_FAILED)
		fputs("; Transfer failed.\n", e->run->out);
	else if (st == DNS_XFR_NOSOA)
		fputs("; Transfer failed.  Didn't start with SOA answer.\n", e->run->out);
}

/* lk_on_answer
 * BIND's recv_done after the message parsed: TC, SERVFAIL / no recursion, NXDOMAIN
 * with the search list, then the output. A transfer's messages each come here
 * (DNS_QE_PART until the last), checked and printed one by one as BIND does. */
static void lk_on_answer(struct engine *e, struct lk *l, struct dns_query *q, struct dns_msg *msg,
			 const struct dns_query_event *ev)
{
	bool part = ev->kind == DNS_QE_PART;

	const struct nsl_settings *s = &e->run->set;
	const char *servname = s->servers[l->si].name;

	if (msg->n_q == 0 && l->xfr_parts == 0) /* a transfer's later messages have none */
		lk_note(e, l, "missing question section");
	if ((msg->flags & DNS_FLAG_TC) && !l->tcp_mode) {
		lk_note(e, l, "Truncated, retrying in TCP mode.");
		struct lk *tcp = lk_retry(l);
		tcp->tcp_mode = true;
		lk_queue_prepend(e, tcp);
		l->finished = true;
		return;
	}
	bool servfail = msg->rcode == DNS_R_SERVFAIL && s->nofail;
	bool no_ra = s->check_ra && !(msg->flags & DNS_FLAG_RA) && s->recurse;
	if (servfail || no_ra) {
		const char *err = servfail ? "SERVFAIL reply" : "recursion not available";
		if (l->si + 1 < s->n_servers) {
			lk_note(e, l, "Got %s from %s, trying next server", err, servname);
			if (part)
				dns_query_cancel(q);
			l->si++;
			lk_start_query(e, l);
			return;
		}
		lk_note(e, l, "Got %s from %s", err, servname);
	}
	if (part) {
		lk_deliver(e, l, msg, ev);
		return;
	}
	l->finished = true;
	if (msg->rcode == DNS_R_NXDOMAIN && (l->origin >= 0 || l->need_search)) {
		/* with debug every step is printed; its notes stay with it */
		if (s->debug)
			lk_deliver(e, l, msg, ev);
		if (!lk_next_origin(e, l) && !s->debug)
			lk_deliver(e, l, msg, ev);
		return;
	}
	lk_deliver(e, l, msg, ev);
	lk_xfr_verdict(e, l, ev->xfr);
}

/* lk_on_event
 * Everything the running query reports. */
static void lk_on_event(void *arg, struct dns_query *q, struct dns_query_event *ev)
{
	struct engine *e = arg;
	struct lk *l = e->cur;

	if (e->run->set.d2 && (ev->kind == DNS_QE_ANSWER || ev->kind == DNS_QE_PART)) {
		fflush(e->run->out);
		print_d2_message(stderr, "Got answer:", ev->msg);
	}
	switch (ev->kind) {
	case DNS_QE_IGNORED:
		lk_on_ignored(e, l, q, ev);
		return;
	case DNS_QE_TCP_RETRY:
		return;
	case DNS_QE_ANSWER:
	case DNS_QE_PART:
		lk_on_answer(e, l, q, ev->msg, ev);
		dns_msg_free(ev->msg);
		return;
	case DNS_QE_BADMSG:
		if (e->run->json) {
			char why[128];
			snprintf(why, sizeof(why), "Got bad packet: %s",
				 dns_status_str(ev->status));
			lk_fail_json(e, l, why);
		} else {
			print_bad_packet(e->run->out, dns_status_str(ev->status), ev->raw,
					 ev->rawlen);
		}
		l->finished = true;
		return;
	case DNS_QE_TIMEOUT:
	case DNS_QE_NETERR:
		lk_on_error(e, l, ev);
		return;
	}
}

/* lk_d2_query
 * set d2: the query about to be sent, whole, on stderr (its ID chosen here, so the
 * text shows the one sent). */
static void lk_d2_query(struct engine *e, struct dns_query_opts *o)
{
	uint8_t buf[512];
	char title[64];
	size_t len = 0;
	struct dns_msg *m = NULL;

	o->spec.id = dns_random16();
	o->fixed_id = true;
	if (dns_msg_build_query(&o->spec, buf, sizeof(buf), &len) != DNS_OK ||
	    dns_msg_parse(buf, len, &m) != DNS_OK)
		return; /* dns_query_start reports it */
	snprintf(title, sizeof(title), "SendRequest(), len %zu", len);
	fflush(e->run->out);
	print_d2_message(stderr, title, m);
	dns_msg_free(m);
}

/* lk_https
 * The run's DNS-over-HTTPS context, made the first time an https:// server is asked
 * (libcurl is loaded then); one that cannot be made ends the run. */
static struct dns_https *lk_https(struct nsl_run *run)
{
	const char *why = NULL;

	if (run->https)
		return run->https;
	run->https = dns_https_new(run->loop, &run->trust, &why);
	if (run->https == NULL)
		nsl_fail(NSL_EXIT_FAIL, "DNS over HTTPS: %s: %s", why, strerror(errno));
	lk_warn_insecure(run);
	return run->https;
}

/* lk_refuse_xfr
 * A zone transfer of an https:// server: RFC 8484 carries one message per answer, a
 * transfer is a stream of them; said in one line, the lookup ends (exit 1). */
static void lk_refuse_xfr(struct engine *e, struct lk *l)
{
	const char *why = "zone transfers are not asked over HTTPS";

	if (e->run->json)
		lk_fail_json(e, l, why);
	else
		lk_note(e, l, "%s", why);
	l->finished = true;
}

/* lk_start_query
 * Ask server l->si (UDP or TCP) for l's name. */
static void lk_start_query(struct engine *e, struct lk *l)
{
	const struct nsl_settings *s = &e->run->set;
	struct dns_query_opts o = {0};

	o.server = s->servers[l->si].addr;
	addr_set_port(&o.server, opt_server_port(s, l->si));
	if (s->servers[l->si].https && l->xfr) {
		lk_refuse_xfr(e, l);
		return;
	}
	if (s->servers[l->si].https) {
		o.https = lk_https(e->run);
		o.https_url = &s->servers[l->si].url;
	}
	o.spec = (struct dns_query_spec){
		.name = &l->name, .type = l->rdtype, .cls = l->rdclass, .rd = s->recurse};
	o.spec.ixfr_serial = l->ixfr_serial;
	o.tcp = l->tcp_mode;
	if (s->tls && !o.https) {
		o.stream = lk_tls(e->run);
		o.stream_name = s->tls_name[0] ? s->tls_name : NULL;
	}
	o.xfr = l->xfr;
	l->xfr_parts = 0;
	o.timeout_ms = (s->timeout ? s->timeout : 5) * 1000u;
	if (s->d2)
		lk_d2_query(e, &o);
	if (dns_query_start(e->run->loop, &o, lk_on_event, e) == NULL) {
		struct dns_query_event ev = {.kind = DNS_QE_NETERR, .err = errno, .setup = true};
		lk_on_error(e, l, &ev);
	}
}

/* lk_reverse_text
 * BIND's get_reverse (strict): the PTR name of an IPv4 or IPv6 literal. */
static bool lk_reverse_text(const char *what, char *out, size_t len)
{
	return dns_reverse_text(what, out, len) == DNS_OK;
}

/* lk_run_queue
 * Run queued lookups one by one until none is left. */
static void lk_run_queue(struct engine *e)
{
	struct lk *l;

	while ((l = lk_queue_pop(e)) != NULL) {
		if (!lk_setup(e, l)) {
			lk_next_origin(e, l);
			lk_free(l);
			continue;
		}
		e->cur = l;
		lk_start_query(e, l);
		/* the loop runs until the query and its follow-ups settle */
		if (loop_run(e->run->loop) < 0)
			nsl_fail(NSL_EXIT_FAIL, "event loop: %s", strerror(errno));
		e->cur = NULL;
		lk_free(l);
	}
}

/* lk_of_text
 * The first lookup of a name or address as typed: PTR for addresses. */
static struct lk *lk_of_text(struct engine *e, const char *what)
{
	struct lk *l = lk_new(e);

	if (lk_reverse_text(what, l->textname, sizeof(l->textname)))
		l->rdtype = DNS_T_PTR;
	else
		snprintf(l->textname, sizeof(l->textname), "%s", what);
	return l;
}

/* lk_lookup_no_server
 * --json: the entry of a lookup whose server name did not resolve, with BIND's
 * words for it among the warnings (text mode prints them on stderr instead). */
void lk_lookup_no_server(struct nsl_run *run, const char *what, const char *server)
{
	struct engine e = {.run = run};
	struct lk *l = lk_of_text(&e, what);
	struct nsl_server none = {0};

	snprintf(none.userarg, sizeof(none.userarg), "%s", server);
	lk_note(&e, l, "couldn't get address for '%s': not found", server);
	json_array_append_new(run->json_lookups,
			      nsl_json_lookup(l->textname, &l->name, l->rdtype, l->rdclass, &none,
					      opt_port(&run->set), NULL, 0,
					      lk_transport(&run->set, &none, false), l->warnings));
	l->warnings = NULL;
	lk_free(l);
}

/* lk_lookup
 * One name or address from the user: PTR for addresses, then the queue. */
void lk_lookup(struct nsl_run *run, const char *what)
{
	struct engine e = {.run = run};

	if (run->set.n_servers == 0)
		return;
	struct lk *l = lk_of_text(&e, what);
	if (l->rdtype == DNS_T_ANY && !run->set.vc_set)
		l->tcp_mode = true;
	l->new_search = true;
	lk_queue_append(&e, l);
	lk_run_queue(&e);
}
