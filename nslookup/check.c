/* check.c — nslookup --check: ask every resolver at once, several queries each, and
 * measure what matters to a client: answers and their rcodes, latency, recursion,
 * EDNS0, TCP, truncation, DNSSEC validation (AD on a signed name), NXDOMAIN
 * rewriting (a random label must not exist) and agreement with the other servers.
 *
 * Every probe of every server starts at once (latency queries a few milliseconds
 * apart), so the whole check takes about as long as the slowest server, not the sum.
 * Each probe is one query with no retry: a timeout is a finding. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "netdx/cli.h"
#include "netdx/dns_edns.h"
#include "netdx/dns_host.h"
#include "netdx/dns_https_url.h"
#include "netdx/dns_identity.h"
#include "netdx/dns_query.h"
#include "netdx/dns_rdata.h"
#include "netdx/dns_server_list.h"
#include "netdx/dns_stream.h"
#include "netdx/dns_tls_server.h"
#include "netdx/dns_type.h"
#include "check.h"
#include "nsl.h"

#define CHK_PACE_MS 5 /* between two latency queries to one server */
#define CHK_DEFAULT_COUNT 10
#define CHK_DEFAULT_TIMEOUT_MS 2000.0
#define CHK_PING_INTERVAL_MS 1000.0 /* --ping's, as dnsping's */
#define CHK_PING_COUNT 10           /* --ping's, as dnsping's */
#define CHK_PING_COUNT_MAX 1000000

/* What a probe tests. */
enum probe_kind {
	P_LAT,  /* the name, again and again (cache hits) */
	P_MISS, /* a random label under it (a cache miss) */
	P_EDNS,
	P_TCP,
	P_TC_UDP,
	P_TC_TCP,
	P_AD,
	P_NX,
	P_ID_SERVER,     /* CH TXT id.server */
	P_HOSTNAME_BIND, /* CH TXT hostname.bind */
	P_WHOAMI,        /* --whoami's name, IN TXT */
	P_INTERCEPT,     /* the address where no resolver runs (srv is NULL) */
};
#define CHK_PROBES_PER_SERVER 9 /* besides the latency and cache-miss queries */

struct chk_run;

/* One query of the check. */
struct probe {
	struct chk_run *run;     /* the check */
	struct chk_server *srv;  /* whom it asks */
	enum probe_kind kind;    /* what it tests */
	enum chk_xport xport;    /* latency and cache-miss queries: over what */
	unsigned seq;            /* latency queries: their number */
	struct dns_name name;    /* the name asked (the query points at it) */
	uint16_t type;           /* the type asked */
	struct loop_timer start; /* when it goes out */
	bool done;               /* it has its outcome */
	bool answered;           /* truncation test: an answer arrived */
	bool tc;                 /* ... with TC set */
	unsigned records;        /* ... and this many answer records */
};

/* The check in progress. */
struct chk_run {
	struct loop *loop;
	struct chk_result *r;
	struct dns_https *https; /* HTTPS measured: the context, else NULL */
	struct probe *probes;    /* every probe of every server */
	size_t n_probes;
	size_t pending; /* probes without an outcome */
};

/* The options of --check. */
struct chk_opts {
	const char *name;        /* the name asked ("." by default) */
	const char *type;        /* its type (SOA for ".", else A) */
	const char *signed_name; /* for the AD test (".") */
	const char *big;         /* for the truncation test (". DNSKEY") */
	const char *big_type;    /* its type (A when --big names no type) */
	unsigned count;          /* latency queries per server and transport */
	double timeout_ms;       /* per query */
	bool xport[CHK_XPORTS];  /* --transport */
	const char *intercept;   /* --intercept ADDR[#PORT] */
	const char *whoami;      /* --whoami NAME */
	bool ping;               /* --ping */
	const char *count_text;  /* --count, read once --ping is known */
	double interval_ms;      /* --interval (--ping) */
	bool interval_given;
	enum chk_format format; /* text, --json, --openmetrics or --prometheus */
	size_t n_servers;
	struct netdx_addr servers[CHK_MAX_SERVERS];
	const char *names[CHK_MAX_SERVERS];     /* --server NAME[#PORT] it came from, or NULL */
	bool tls_given[CHK_MAX_SERVERS];        /* ... or tls://ADDR[:PORT][#NAME] (names[]) */
	const char *urls[CHK_MAX_SERVERS];      /* ... or https://... (names[] too) */
	struct chk_tls_at tls[CHK_MAX_SERVERS]; /* where each answers over TLS */
	struct dns_tls_config trust;            /* --tls-ca FILE, --insecure: TLS and HTTPS */
	char *owned[CHK_MAX_SERVERS];           /* those names' copies, freed at the end */
	size_t n_owned;
};

/* check_cmp_strings
 * qsort order of C strings. */
static int check_cmp_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* check_signature_of
 * The answer in a comparable form: rcode, then its records' types and data sorted
 * (TTLs and order do not matter). */
static char *check_signature_of(const struct dns_msg *msg)
{
	size_t n = msg->n[DNS_S_ANSWER];
	char **lines = calloc(n ? n : 1, sizeof(*lines));
	struct dns_text t;
	char rc[16], tb[DNS_TYPE_TEXTMAX];
	char *s;

	if (lines == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		const struct dns_rr *rr = &msg->rr[DNS_S_ANSWER][i];
		struct dns_rdata rd = dns_rdata_of(msg, rr);
		dns_text_init(&t);
		dns_text_printf(&t, "%s ", dns_type_to_text(rr->type, tb, sizeof(tb)));
		dns_rdata_to_text(&rd, &t);
		lines[i] = strdup(dns_text_str(&t));
		dns_text_free(&t);
		if (lines[i] == NULL)
			lines[i] = strdup("");
	}
	qsort(lines, n, sizeof(*lines), check_cmp_strings);
	dns_text_init(&t);
	dns_text_add(&t, dns_rcode_to_text(msg->rcode, rc, sizeof(rc)));
	for (size_t i = 0; i < n; i++) {
		dns_text_printf(&t, "|%s", lines[i] ? lines[i] : "");
		free(lines[i]);
	}
	free(lines);
	s = strdup(dns_text_str(&t));
	dns_text_free(&t);
	return s;
}

/* check_first_answer_text
 * "A 192.0.2.66": the first answer record, for the hijack report. */
static void check_first_answer_text(const struct dns_msg *msg, char *buf, size_t len)
{
	struct dns_text t;
	char tb[DNS_TYPE_TEXTMAX];

	if (msg->n[DNS_S_ANSWER] == 0) {
		snprintf(buf, len, "NOERROR without data");
		return;
	}
	const struct dns_rr *rr = &msg->rr[DNS_S_ANSWER][0];
	struct dns_rdata rd = dns_rdata_of(msg, rr);
	dns_text_init(&t);
	dns_rdata_to_text(&rd, &t);
	snprintf(buf, len, "%s %s", dns_type_to_text(rr->type, tb, sizeof(tb)), dns_text_str(&t));
	dns_text_free(&t);
}

/* check_note_edns
 * Keep the server's NSID and its first Extended DNS Error, in words. */
static void check_note_edns(struct chk_server *s, const struct dns_msg *m)
{
	for (size_t i = 0; i < m->edns.n_opts; i++) {
		const struct dns_edns_opt *o = &m->edns.opts[i];
		char *dst = NULL;
		size_t len = 0;
		if (o->code == DNS_OPT_NSID && s->nsid[0] == '\0') {
			dst = s->nsid;
			len = sizeof(s->nsid);
		} else if (o->code == DNS_OPT_EDE && s->ede[0] == '\0') {
			dst = s->ede;
			len = sizeof(s->ede);
		}
		if (dst == NULL)
			continue;
		if (o->code == DNS_OPT_NSID) {
			dns_nsid_text(m->wire + o->off, o->len, dst, len);
			continue;
		}
		struct dns_text t;
		dns_text_init(&t);
		dns_edns_opt_text(m, o, &t);
		snprintf(dst, len, "%s", dns_text_str(&t));
		dns_text_free(&t);
	}
}

/* check_outcome_text
 * What a query got, in a few words: the rcode, or why there was no answer. */
static void check_outcome_text(const struct dns_query_event *ev, char *buf, size_t len)
{
	char rc[16];

	switch (ev->kind) {
	case DNS_QE_ANSWER:
		snprintf(buf, len, "%s", dns_rcode_to_text(ev->msg->rcode, rc, sizeof(rc)));
		break;
	case DNS_QE_TIMEOUT:
		snprintf(buf, len, "no answer in time");
		break;
	case DNS_QE_BADMSG:
		snprintf(buf, len, "a malformed answer");
		break;
	default:
		snprintf(buf, len, "%s",
			 ev->detail ? ev->detail : print_error_text(ev->err, false, ev->err == 0));
		break;
	}
}

/* check_untested
 * A test that got no usable answer: keep what its query got instead. */
static void check_untested(struct chk_server *s, enum chk_test t, const struct dns_query_event *ev)
{
	check_outcome_text(ev, s->untested[t], sizeof(s->untested[t]));
}

/* check_on_latency
 * A latency query's outcome: rcode counts, RTT, RA, the answer to compare. */
static void check_on_latency(struct probe *p, const struct dns_query_event *ev)
{
	struct chk_server *s = p->srv;
	struct chk_lat *l = &s->lat[p->xport];

	if (ev->kind == DNS_QE_TIMEOUT) {
		l->timeouts++;
		l->stalled += ev->setup;
		return;
	}
	if (ev->kind != DNS_QE_ANSWER) {
		l->neterr++;
		if (ev->kind == DNS_QE_NETERR && ev->err == ECONNREFUSED)
			l->port_closed++;
		else if (l->error[0] == '\0')
			check_outcome_text(ev, l->error, sizeof(l->error));
		return;
	}
	const struct dns_msg *m = ev->msg;
	l->rtt_ms[l->answered++] = ev->rtt_ms;
	stats_reply(&l->rtt, p->seq, ev->rtt_ms, false);
	l->rcodes[m->rcode % CHK_RCODES]++;
	if (m->rcode == DNS_R_SERVFAIL)
		l->servfail++;
	else if (m->rcode == DNS_R_REFUSED)
		l->refused++;
	else if (m->rcode != DNS_R_NOERROR && m->rcode != DNS_R_NXDOMAIN)
		l->other_rcode++;
	if (l->flags < 0) {
		l->flags = m->flags;
		l->rcode = m->rcode;
		l->ttl = m->n[DNS_S_ANSWER] ? (long)m->rr[DNS_S_ANSWER][0].ttl : -1;
	}
	if (!(m->flags & DNS_FLAG_RA))
		s->ra = CHK_NO;
	else if (s->ra == CHK_UNKNOWN)
		s->ra = CHK_YES;
	if (s->signature == NULL && (m->rcode == DNS_R_NOERROR || m->rcode == DNS_R_NXDOMAIN))
		s->signature = check_signature_of(m);
}

/* check_on_intercept
 * The address where no resolver runs: silence or a refusal is as it should be; any
 * answer came from something on the path. */
static void check_on_intercept(struct chk_intercept *ic, const struct dns_query_event *ev)
{
	if (ev->kind == DNS_QE_TIMEOUT || ev->kind == DNS_QE_NETERR) {
		ic->answered = CHK_NO;
		return;
	}
	ic->answered = CHK_YES;
	if (ev->kind != DNS_QE_ANSWER) {
		snprintf(ic->answer, sizeof(ic->answer), "a malformed answer");
		return;
	}
	check_outcome_text(ev, ic->answer, sizeof(ic->answer));
	for (size_t i = 0; i < ev->msg->edns.n_opts; i++) {
		const struct dns_edns_opt *o = &ev->msg->edns.opts[i];
		if (o->code == DNS_OPT_NSID)
			dns_nsid_text(ev->msg->wire + o->off, o->len, ic->nsid, sizeof(ic->nsid));
	}
}

/* check_on_miss_or_identity
 * A cache-miss query's RTT, or what a server said it is. */
static void check_on_miss_or_identity(struct probe *p, const struct dns_msg *m, double rtt_ms)
{
	struct chk_server *s = p->srv;

	if (p->kind == P_MISS)
		stats_reply(&s->lat[p->xport].miss, p->seq, rtt_ms, false);
	else if (p->kind == P_ID_SERVER)
		dns_chaos_txt(m, s->id_server, sizeof(s->id_server));
	else
		dns_chaos_txt(m, s->hostname_bind, sizeof(s->hostname_bind));
}

/* check_on_whoami
 * The address --whoami's name saw, or what came back instead. */
static void check_on_whoami(struct chk_server *s, const struct dns_query_event *ev)
{
	char rc[32];

	if (ev->kind != DNS_QE_ANSWER)
		check_untested(s, CHK_T_WHOAMI, ev);
	else if (!dns_whoami_addr(ev->msg, s->egress, sizeof(s->egress)))
		snprintf(s->untested[CHK_T_WHOAMI], sizeof(s->untested[CHK_T_WHOAMI]), "%s%s",
			 dns_rcode_to_text(ev->msg->rcode, rc, sizeof(rc)),
			 ev->msg->rcode == DNS_R_NOERROR ? " without an address" : "");
}

/* check_on_probe
 * The tests' outcomes. */
static void check_on_probe(struct probe *p, const struct dns_query_event *ev)
{
	struct chk_server *s = p->srv;
	const struct dns_msg *m = ev->kind == DNS_QE_ANSWER ? ev->msg : NULL;

	if (m)
		check_note_edns(s, m);
	switch (p->kind) {
	case P_LAT:
		check_on_latency(p, ev);
		break;
	case P_MISS:
	case P_ID_SERVER:
	case P_HOSTNAME_BIND:
		if (m)
			check_on_miss_or_identity(p, m, ev->rtt_ms);
		break;
	case P_WHOAMI:
		check_on_whoami(s, ev);
		break;
	case P_INTERCEPT: /* check_on_event's */
		break;
	case P_EDNS:
		if (m && m->edns.present) {
			s->edns = CHK_YES;
			s->edns_size = m->edns.udp_size;
		} else if (m) {
			s->edns = CHK_NO; /* FORMERR, or an answer without OPT */
		} else {
			check_untested(s, CHK_T_EDNS, ev);
		}
		break;
	case P_TCP:
		s->tcp = m ? CHK_YES : CHK_NO;
		break;
	case P_TC_UDP:
	case P_TC_TCP:
		p->answered = m != NULL && m->rcode == DNS_R_NOERROR;
		p->tc = p->answered && (m->flags & DNS_FLAG_TC);
		p->records = m ? (unsigned)m->n[DNS_S_ANSWER] : 0;
		if (p->kind == P_TC_UDP && !p->answered)
			check_untested(s, CHK_T_TC, ev);
		break;
	case P_AD:
		/* only an answer that says whether the name exists tells about validation:
		 * a validator sets AD on both (SERVFAIL and timeouts tell nothing) */
		if (m && (m->rcode == DNS_R_NOERROR || m->rcode == DNS_R_NXDOMAIN))
			s->ad = (m->flags & DNS_FLAG_AD) ? CHK_YES : CHK_NO;
		else
			check_untested(s, CHK_T_AD, ev);
		break;
	case P_NX:
		if (m && m->rcode == DNS_R_NXDOMAIN) {
			s->nx_ok = CHK_YES;
		} else if (m && m->rcode == DNS_R_NOERROR) {
			s->nx_ok = CHK_NO;
			check_first_answer_text(m, s->nx_answer, sizeof(s->nx_answer));
		} else {
			check_untested(s, CHK_T_NX, ev);
		}
		break;
	}
}

/* check_on_event
 * Every event of a probe's query; final ones settle the probe. */
static void check_on_event(void *arg, struct dns_query *q, struct dns_query_event *ev)
{
	struct probe *p = arg;
	(void)q;

	if (ev->kind == DNS_QE_IGNORED || ev->kind == DNS_QE_TCP_RETRY)
		return;
	if (p->kind == P_INTERCEPT)
		check_on_intercept(&p->run->r->intercept, ev);
	else
		check_on_probe(p, ev);
	if (ev->kind == DNS_QE_ANSWER)
		dns_msg_free(ev->msg);
	p->done = true;
	p->run->pending--;
}

/* check_probe_start
 * Send the probe's query (its timer fired). */
static void check_probe_start(void *arg)
{
	struct probe *p = arg;
	struct chk_intercept *ic = &p->run->r->intercept;
	struct dns_query_opts o = {.server = p->srv ? p->srv->addr : ic->addr,
				   .timeout_ms = (unsigned)p->run->r->timeout_ms};
	struct chk_https h = {p->run->https, p->srv ? &p->srv->url : NULL};
	struct chk_at at = {p->srv ? &p->srv->tls : NULL, &h};

	o.spec = (struct dns_query_spec){
		.name = &p->name, .type = p->type, .cls = DNS_C_IN, .rd = true};
	switch (p->kind) {
	case P_LAT:
		p->srv->lat[p->xport].sent++;
		stats_sent(&p->srv->lat[p->xport].rtt);
		chk_xport(p->xport)->apply(&o, &at);
		break;
	case P_MISS:
		stats_sent(&p->srv->lat[p->xport].miss);
		chk_xport(p->xport)->apply(&o, &at);
		break;
	case P_ID_SERVER:
	case P_HOSTNAME_BIND:
		o.spec.cls = DNS_C_CH;
		o.spec.rd = false;
		break;
	case P_INTERCEPT:
		o.spec.edns = true;
		o.spec.udp_size = 1232;
		o.spec.nsid = true;
		break;
	case P_EDNS:
		o.spec.edns = true;
		o.spec.udp_size = 1232;
		o.spec.nsid = true;
		break;
	case P_TCP:
	case P_TC_TCP:
		o.tcp = true;
		break;
	case P_TC_UDP:
	case P_WHOAMI:
		break;
	case P_AD:
		o.spec.edns = true;
		o.spec.udp_size = 1232;
		o.spec.do_bit = true;
		o.spec.ad = true;
		break;
	case P_NX:
		break;
	}
	if (dns_query_start(p->run->loop, &o, check_on_event, p) == NULL) {
		struct dns_query_event ev = {.kind = DNS_QE_NETERR, .err = errno};
		check_on_event(p, NULL, &ev);
	}
}

/* check_tc_verdict
 * Compare a server's two truncation probes. */
static enum chk_tc check_tc_verdict(const struct probe *udp, const struct probe *tcp)
{
	if (!udp->answered)
		return CHK_TC_UNKNOWN;
	if (udp->tc)
		return tcp->answered ? CHK_TC_OK : CHK_TC_TCP_FAILED;
	if (tcp->answered && tcp->records > udp->records)
		return CHK_TC_NO_FLAG;
	return CHK_TC_FITS;
}

/* check_random_label
 * "netdx-check-" and ten random letters and digits. */
static void check_random_label(char *buf, size_t len)
{
	static const char chars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	int n = snprintf(buf, len, "netdx-check-");

	for (int i = 0; i < 10 && (size_t)n + 1 < len; i++)
		buf[n++] = chars[dns_random16() % 36];
	buf[n] = '\0';
}

/* check_parse_name_or_die
 * A name option into wire form (relative names are taken from the root). */
static void check_parse_name_or_die(const char *what, const char *text, struct dns_name *out)
{
	enum dns_status st = dns_name_from_text(text, NULL, out, NULL);

	if (st != DNS_OK)
		cli_die(what, "'%s' is not a legal name (%s)", text, dns_status_str(st));
}

/* check_parse_type_or_die
 * A type option. */
static uint16_t check_parse_type_or_die(const char *what, const char *text)
{
	uint16_t t;

	if (!dns_type_from_text(text, &t) || dns_type_is_meta(t))
		cli_die(what, "unknown query type: %s", text);
	return t;
}

/* check_add_probe
 * Queue one probe of server s. */
static struct probe *check_add_probe(struct chk_run *run, struct chk_server *s, enum probe_kind k,
				     const struct dns_name *name, uint16_t type, unsigned seq)
{
	struct probe *p = &run->probes[run->n_probes++];

	*p = (struct probe){
		.run = run, .srv = s, .kind = k, .seq = seq, .name = *name, .type = type};
	return p;
}

/* check_add_miss
 * Queue a cache-miss query of server s: a random label under name. */
static struct probe *check_add_miss(struct chk_run *run, struct chk_server *s,
				    const struct dns_name *name, uint16_t type, unsigned seq)
{
	struct probe *p = check_add_probe(run, s, P_MISS, name, type, seq);
	char label[64];

	check_random_label(label, sizeof(label));
	if (dns_name_from_text(label, name, &p->name, NULL) != DNS_OK)
		cli_die("name",
			"'%s' leaves no room for the random label of the cache-miss "
			"queries",
			run->r->name);
	return p;
}

/* check_queue_latency
 * Server s's latency and cache-miss queries over each transport measured. */
static void check_queue_latency(struct chk_run *run, struct chk_server *s,
				const struct dns_name *name, uint16_t type)
{
	for (size_t x = 0; x < CHK_XPORTS; x++) {
		if (!run->r->xport[x])
			continue;
		for (unsigned k = 0; k < run->r->count; k++) {
			check_add_probe(run, s, P_LAT, name, type, k)->xport = (enum chk_xport)x;
			check_add_miss(run, s, name, type, k)->xport = (enum chk_xport)x;
		}
	}
}

/* check_queue_identity
 * Server s's CH TXT queries: id.server and hostname.bind. */
static void check_queue_identity(struct chk_run *run, struct chk_server *s)
{
	struct dns_name id_server, hostname_bind;

	check_parse_name_or_die("name", "id.server", &id_server);
	check_parse_name_or_die("name", "hostname.bind", &hostname_bind);
	check_add_probe(run, s, P_ID_SERVER, &id_server, DNS_T_TXT, 0);
	check_add_probe(run, s, P_HOSTNAME_BIND, &hostname_bind, DNS_T_TXT, 0);
}

/* check_arm_probes
 * Every probe's start: the tests at once, then the latency queries CHK_PACE_MS apart,
 * one transport after the other, then the cache-miss ones the same way (each in a
 * window of its own, so one transport's queries do not queue behind another's, and a
 * server that drops every n-th UDP query loses the same latency queries whether or
 * not more is asked). */
static void check_arm_probes(struct chk_run *run, uint64_t t0)
{
	unsigned ordinal[CHK_XPORTS], n = 0;

	for (size_t x = 0; x < CHK_XPORTS; x++)
		ordinal[x] = run->r->xport[x] ? n++ : 0;
	for (size_t i = 0; i < run->n_probes; i++) {
		struct probe *p = &run->probes[i];
		uint64_t slot = 0;
		if (p->kind == P_LAT || p->kind == P_MISS)
			slot = ((p->kind == P_MISS ? n : 0) + ordinal[p->xport]) * run->r->count +
			       p->seq;
		loop_timer_arm(run->loop, &p->start, t0 + slot * CHK_PACE_MS * 1000000u,
			       check_probe_start, p);
	}
	run->pending = run->n_probes;
}

/* The names and types the check asks, parsed once. */
struct chk_names {
	struct dns_name name, signed_name, big, nx, whoami;
	uint16_t type, big_type;
};

/* check_parse_names
 * The check's names and types (exit 2 on a bad one), and their text in r. */
static void check_parse_names(struct chk_result *r, const struct chk_opts *o, struct chk_names *n)
{
	char label[64], nxtext[DNS_NAME_MAXTEXT + 80];

	n->type = check_parse_type_or_die("type", o->type);
	n->big_type = check_parse_type_or_die("big", o->big_type);
	check_parse_name_or_die("name", o->name, &n->name);
	check_parse_name_or_die("signed", o->signed_name, &n->signed_name);
	check_parse_name_or_die("big", o->big, &n->big);
	if (o->whoami) {
		check_parse_name_or_die("whoami", o->whoami, &n->whoami);
		dns_name_to_text(&n->whoami, r->whoami, sizeof(r->whoami), true);
	}
	check_random_label(label, sizeof(label));
	snprintf(nxtext, sizeof(nxtext), "%s.%s", label, strcmp(o->name, ".") == 0 ? "" : o->name);
	check_parse_name_or_die("name", nxtext, &n->nx);
	dns_name_to_text(&n->name, r->name, sizeof(r->name), true);
	dns_name_to_text(&n->signed_name, r->signed_name, sizeof(r->signed_name), true);
	dns_name_to_text(&n->big, r->big_name, sizeof(r->big_name), true);
	dns_name_to_text(&n->nx, r->nx_name, sizeof(r->nx_name), true);
	dns_type_to_text(n->type, r->type, sizeof(r->type));
	dns_type_to_text(n->big_type, r->big_type, sizeof(r->big_type));
}

/* check_run
 * Every probe of every server, then the truncation verdicts. */
static void check_run(struct chk_run *run, const struct chk_opts *o)
{
	struct chk_result *r = run->r;
	struct chk_names n;
	uint64_t t0 = loop_now_ns();
	size_t n_xports = 0;

	for (size_t x = 0; x < CHK_XPORTS; x++)
		n_xports += r->xport[x];
	size_t per = (size_t)o->count * 2 * n_xports + CHK_PROBES_PER_SERVER;

	check_parse_names(r, o, &n);
	r->count = o->count;
	r->timeout_ms = o->timeout_ms;
	snprintf(r->miss_zone, sizeof(r->miss_zone), "%s", r->name);
	run->probes = calloc(r->n * per + 1, sizeof(*run->probes));
	struct probe **tcu = calloc(r->n, sizeof(*tcu)), **tct = calloc(r->n, sizeof(*tct));
	if (run->probes == NULL || tcu == NULL || tct == NULL)
		cli_die(NULL, "out of memory");
	/* the AD test asks the signed name's SOA when it is the root, else its A */
	uint16_t ad_type = n.signed_name.len == 1 ? DNS_T_SOA : DNS_T_A;
	for (size_t i = 0; i < r->n; i++) {
		struct chk_server *s = &r->srv[i];
		check_queue_latency(run, s, &n.name, n.type);
		check_queue_identity(run, s);
		check_add_probe(run, s, P_EDNS, &n.name, n.type, 0);
		check_add_probe(run, s, P_TCP, &n.name, n.type, 0);
		tcu[i] = check_add_probe(run, s, P_TC_UDP, &n.big, n.big_type, 0);
		tct[i] = check_add_probe(run, s, P_TC_TCP, &n.big, n.big_type, 0);
		check_add_probe(run, s, P_AD, &n.signed_name, ad_type, 0);
		check_add_probe(run, s, P_NX, &n.nx, DNS_T_A, 0);
		if (r->whoami[0])
			check_add_probe(run, s, P_WHOAMI, &n.whoami, DNS_T_TXT, 0);
	}
	if (r->intercept.asked)
		check_add_probe(run, NULL, P_INTERCEPT, &n.name, n.type, 0);
	check_arm_probes(run, t0);
	if (loop_run(run->loop) < 0)
		cli_die("event loop", "%s", strerror(errno));
	for (size_t i = 0; i < r->n; i++) {
		r->srv[i].tc = check_tc_verdict(tcu[i], tct[i]);
		r->srv[i].tc_udp_records = tcu[i]->records;
		r->srv[i].tc_tcp_records = tct[i]->records;
	}
	r->elapsed_ms = (double)(loop_now_ns() - t0) / 1e6;
	free(tcu);
	free(tct);
	free(run->probes);
}

/* check_add_server
 * A server, HOST[#PORT]: an address literal, or a name each of whose addresses is a
 * server of its own (a client may be sent to any of them). where names the line of a
 * --servers file ("FILE line N"), NULL for --server. tls: where it answers over TLS
 * when given as tls://, else NULL (port 853, its address checked). */
static void check_add_server(struct chk_opts *o, const struct dns_server_spec *sp, const char *text,
			     const char *where, const struct dns_tls_server *tls)
{
	struct netdx_addr addrs[CHK_MAX_SERVERS + 1];
	char what[DNS_SERVER_HOST_MAX + 320];
	const char *why = NULL;
	size_t n = 0;

	snprintf(what, sizeof(what), "%s%s%s", where ? where : "server", where ? ": " : "",
		 where ? text : "");
	if (addr_resolve_all(sp->host, addrs, CHK_MAX_SERVERS + 1, &n, &why) != NETDX_OK)
		cli_die(what, "couldn't get address for '%s': %s", sp->host, why);
	if (o->n_servers + n > CHK_MAX_SERVERS)
		cli_die(what, "at most %d servers ('%s' brings %zu more)", CHK_MAX_SERVERS,
			sp->host, n);
	char *keep = sp->literal && !tls ? NULL : strdup(text);
	if ((!sp->literal || tls) && keep == NULL)
		cli_die(NULL, "out of memory");
	for (size_t i = 0; i < n; i++) {
		o->servers[o->n_servers] = addrs[i];
		addr_set_port(&o->servers[o->n_servers], tls ? 53 : sp->port);
		o->tls[o->n_servers].port = tls ? tls->at.port : DNS_TLS_PORT;
		if (tls)
			snprintf(o->tls[o->n_servers].name, sizeof(o->tls[0].name), "%s",
				 tls->name);
		o->tls_given[o->n_servers] = tls != NULL;
		o->names[o->n_servers++] = keep;
	}
	if (keep)
		o->owned[o->n_owned++] = keep;
}

/* check_add_server_url
 * --server https://HOST[:PORT]/PATH: each address of HOST is a server, asked at the URL
 * over HTTPS and on port 53 over UDP and TCP. */
static void check_add_server_url(struct chk_opts *o, const char *arg)
{
	struct dns_https_url url;
	struct dns_server_spec sp = {.port = 53};
	const char *why = NULL;
	size_t first = o->n_servers;

	if (dns_https_url_parse(arg, &url, &why) != DNS_OK)
		cli_die("server", "%s: %s", arg, why);
	snprintf(sp.host, sizeof(sp.host), "%s", url.host);
	check_add_server(o, &sp, arg, NULL, NULL); /* not literal: the URL names it */
	for (size_t i = first; i < o->n_servers; i++)
		o->urls[i] = arg;
	o->xport[CHK_X_HTTPS] = true;
}

/* check_add_server_arg
 * --server HOST[#PORT]; tls://ADDR[:PORT][#NAME]: then measured over TLS too (its
 * UDP and TCP on port 53 of the same address); or a DoH server's URL (over HTTPS too). */
static void check_add_server_arg(struct chk_opts *o, const char *arg)
{
	struct dns_server_spec sp;
	struct dns_tls_server tls;
	struct dns_server_error err;

	if (dns_https_url_is(arg)) {
		check_add_server_url(o, arg);
		return;
	}
	if (dns_tls_server_is(arg, strlen(arg))) {
		if (!dns_tls_server_parse(arg, strlen(arg), &tls, &err))
			cli_die("server", "%s: %s", err.text, err.why);
		o->xport[CHK_X_TLS] = true;
		check_add_server(o, &tls.at, arg, NULL, &tls);
		return;
	}
	if (!dns_server_parse(arg, strlen(arg), 53, &sp, &err))
		cli_die("server", "%s: %s", err.text, err.why);
	check_add_server(o, &sp, arg, NULL, NULL);
}

/* check_add_server_file
 * --servers FILE ("-": standard input): one server per line; a bad line ends the run
 * with its number. */
static void check_add_server_file(struct chk_opts *o, const char *path)
{
	bool is_stdin = strcmp(path, "-") == 0;
	const char *label = is_stdin ? "stdin" : path;
	FILE *f = is_stdin ? stdin : fopen(path, "r");
	struct dns_server_file sf;
	struct dns_server_spec sp;
	struct dns_server_error err;
	enum dns_server_file_status st;
	char where[300];

	if (f == NULL)
		cli_die(path, "%s", strerror(errno));
	dns_server_file_init(&sf, f, 53);
	while ((st = dns_server_file_next(&sf, &sp, &err)) != DNS_SERVER_FILE_END) {
		if (st == DNS_SERVER_FILE_IO)
			cli_die(path, "read error: %s", strerror(errno));
		snprintf(where, sizeof(where), "%s line %lu", label, sf.lines.line_no);
		if (st == DNS_SERVER_FILE_BAD)
			cli_die(where, "%s: %s", err.text, err.why);
		char text[DNS_SERVER_HOST_MAX + 8];
		snprintf(text, sizeof(text), "%s#%u", sp.host, sp.port);
		check_add_server(o, &sp, sp.port == 53 ? sp.host : text, where, NULL);
	}
	dns_server_file_free(&sf);
	if (!is_stdin)
		fclose(f);
}

/* check_set_intercept
 * --intercept ADDR[#PORT]: an address literal (a name would need a resolver, the very
 * thing under suspicion). */
static void check_set_intercept(struct chk_result *r, const char *arg)
{
	struct dns_server_spec sp;
	struct dns_server_error err;
	struct chk_intercept *ic = &r->intercept;
	char a[ADDR_STRLEN];

	if (!dns_server_parse(arg, strlen(arg), 53, &sp, &err))
		cli_die("intercept", "%s: %s", err.text, err.why);
	if (!sp.literal || !addr_parse_literal(sp.host, AF_UNSPEC, &ic->addr))
		cli_die("intercept", "'%s' is not an address", sp.host);
	addr_set_port(&ic->addr, sp.port);
	dns_host_text(&ic->addr, a, sizeof(a));
	if (sp.port == 53)
		snprintf(ic->where, sizeof(ic->where), "%s", a);
	else
		snprintf(ic->where, sizeof(ic->where), "%s#%u", a, sp.port);
	ic->asked = true;
}

/* check_set_format
 * --json, --openmetrics, --prometheus: one of them at most. */
static void check_set_format(struct chk_opts *o, enum chk_format f)
{
	static const char *const flag[] = {"", "--json", "--openmetrics", "--prometheus"};

	if (o->format != CHK_TEXT && o->format != f)
		cli_die(NULL, "--check: options %s and %s do not go together", flag[o->format],
			flag[f]);
	o->format = f;
}

/* check_unique_servers_or_die
 * Metrics: a server given twice (same address, port and name) would make the same
 * series twice, which no scraper accepts. */
static void check_unique_servers_or_die(const struct chk_result *r)
{
	for (size_t i = 0; i < r->n; i++)
		for (size_t j = 0; j < i; j++)
			if (strcmp(r->srv[i].label, r->srv[j].label) == 0)
				cli_die(NULL,
					"--check: server %s given twice: its metrics would be "
					"the same series twice",
					r->srv[i].label);
}

/* check_set_big
 * --big NAME[/TYPE]. */
static void check_set_big(struct chk_opts *o, char *arg)
{
	char *slash = strchr(arg, '/');

	if (slash) {
		*slash = '\0';
		o->big_type = slash + 1;
	}
	o->big = arg;
}

/* check_set_xports
 * --transport LIST: the transports named, added to o's. */
static void check_set_xports(struct chk_opts *o, char *list)
{
	const char *bad;
	char names[64];

	if (!chk_xport_parse_list(list, o->xport, &bad)) {
		chk_xport_names(names, sizeof(names));
		cli_die("transport", "unknown transport '%s' (%s)", bad, names);
	}
}

/* check_parse_opt
 * One option of --check (c as getopt_long_only returned it). */
static void check_parse_opt(struct chk_opts *o, int c, char **argv)
{
	switch (c) {
	case 'C':
		break;
	case 's':
		check_add_server_arg(o, optarg);
		break;
	case 'f':
		check_add_server_file(o, optarg);
		break;
	case 'X':
		check_set_xports(o, optarg);
		break;
	case 'I': /* --intercept ADDR, --tls-ca FILE, --whoami NAME: kept for later */
	case 'A':
	case 'W':
		*(c == 'I' ? &o->intercept : c == 'A' ? &o->trust.ca_file : &o->whoami) = optarg;
		break;
	case 'K':
		o->trust.insecure = true;
		break;
	case 'p':
		o->ping = true;
		break;
	case 'i':
		o->interval_ms = cli_duration_ms_or_die("interval", optarg, 1000, 0, 3600000);
		o->interval_given = true;
		break;
	case 'c':
		o->count_text = optarg; /* its range depends on --ping */
		break;
	case 't':
		o->timeout_ms = cli_duration_ms_or_die("timeout", optarg, 1000, 10, 60000);
		break;
	case 'S':
		o->signed_name = optarg;
		break;
	case 'b':
		check_set_big(o, optarg);
		break;
	case 'T':
		o->type = optarg;
		break;
	case 'j':
	case 'O':
	case 'P':
		check_set_format(o, c == 'j'   ? CHK_JSON
				    : c == 'O' ? CHK_OPENMETRICS
					       : CHK_PROMETHEUS);
		break;
	case ':':
		cli_die(NULL, "--check: option %s needs a value", argv[optind - 1]);
	default:
		cli_die(NULL, "--check: unknown option %s (see nslookup --help)", argv[optind - 1]);
	}
}

/* check_parse_args
 * Everything after "nslookup": --check and its options, and at most one name. */
static void check_parse_args(int argc, char **argv, struct chk_opts *o)
{
	static const struct option longopts[] = {{"check", no_argument, NULL, 'C'},
						 {"server", required_argument, NULL, 's'},
						 {"count", required_argument, NULL, 'c'},
						 {"timeout", required_argument, NULL, 't'},
						 {"signed", required_argument, NULL, 'S'},
						 {"big", required_argument, NULL, 'b'},
						 {"type", required_argument, NULL, 'T'},
						 {"json", no_argument, NULL, 'j'},
						 {"openmetrics", no_argument, NULL, 'O'},
						 {"prometheus", no_argument, NULL, 'P'},
						 {"servers", required_argument, NULL, 'f'},
						 {"transport", required_argument, NULL, 'X'},
						 {"intercept", required_argument, NULL, 'I'},
						 {"whoami", required_argument, NULL, 'W'},
						 {"ping", no_argument, NULL, 'p'},
						 {"interval", required_argument, NULL, 'i'},
						 {"tls-ca", required_argument, NULL, 'A'},
						 {"insecure", no_argument, NULL, 'K'},
						 {NULL, 0, NULL, 0}};
	int c;

	opterr = 0;
	/* Long options also with one dash (-count=5), as nslookup's own options are written. */
	while ((c = getopt_long_only(argc, argv, "+:c:i:", longopts, NULL)) != -1) {
		check_parse_opt(o, c, argv);
	}
	if (optind < argc)
		o->name = argv[optind++];
	if (optind < argc)
		cli_die(NULL, "--check: one name at most, got also '%s'", argv[optind]);
}

/* check_server_url
 * Where the server is asked over HTTPS: the URL it was given as, else kdig's default
 * for an address, https://ADDR/dns-query. */
static void check_server_url(struct chk_server *s, const char *given)
{
	char a[ADDR_STRLEN], text[ADDR_STRLEN + 32];
	bool v6 = addr_family(&s->addr) == AF_INET6;

	dns_host_text(&s->addr, a, sizeof(a));
	snprintf(text, sizeof(text), "https://%s%s%s/dns-query", v6 ? "[" : "", a, v6 ? "]" : "");
	if (dns_https_url_parse(given ? given : text, &s->url, NULL) != DNS_OK)
		cli_die("server", "%s: not a URL", given ? given : text);
}

/* check_name_servers
 * The servers to check, each with its address, port and the words naming it. */
static void check_name_servers(struct chk_result *r, const struct chk_opts *o)
{
	r->n = o->n_servers;
	for (size_t i = 0; i < r->n; i++) {
		struct chk_server *s = &r->srv[i];
		char a[ADDR_STRLEN];
		s->addr = o->servers[i];
		s->tls = o->tls[i];
		dns_host_text(&s->addr, a, sizeof(a));
		if (addr_port(&s->addr) == 53)
			snprintf(s->where, sizeof(s->where), "%s", a);
		else
			snprintf(s->where, sizeof(s->where), "%s#%u", a, addr_port(&s->addr));
		if (o->tls_given[i]) {
			/* as written: the TLS port and name are part of what was checked */
			snprintf(s->name, sizeof(s->name), "%s", s->tls.name);
			snprintf(s->label, sizeof(s->label), "%s (%s)", o->names[i], s->where);
		} else if (o->names[i]) {
			snprintf(s->name, sizeof(s->name), "%.*s", (int)strcspn(o->names[i], "#"),
				 o->names[i]);
			snprintf(s->label, sizeof(s->label), "%s (%s)", s->name, s->where);
		} else {
			snprintf(s->label, sizeof(s->label), "%s", s->where);
		}
		check_server_url(s, o->urls[i]);
		for (size_t x = 0; x < CHK_XPORTS; x++) {
			stats_init(&s->lat[x].rtt);
			stats_init(&s->lat[x].miss);
			s->lat[x].ttl = -1;
			s->lat[x].flags = -1;
		}
	}
}

/* check_free_names
 * The --server names kept for the report. */
static void check_free_names(struct chk_opts *o)
{
	for (size_t i = 0; i < o->n_owned; i++)
		free(o->owned[i]);
	o->n_owned = 0;
}

/* check_ping_run
 * --ping: one server, one transport; the options the check alone takes are refused. */
static int check_ping_run(const struct chk_result *r, const struct chk_opts *o)
{
	struct chk_ping_opts po = {.interval_ms = o->interval_ms,
				   .timeout_ms = (unsigned)o->timeout_ms,
				   .json = o->format == CHK_JSON,
				   .xport = CHK_X_UDP};
	size_t n_xports = 0;

	if (o->format == CHK_OPENMETRICS || o->format == CHK_PROMETHEUS)
		cli_die(NULL, "--check: options --ping and %s do not go together",
			o->format == CHK_OPENMETRICS ? "--openmetrics" : "--prometheus");
	if (o->intercept || o->whoami)
		cli_die(NULL, "--check: options --ping and %s do not go together",
			o->intercept ? "--intercept" : "--whoami");
	if (r->n != 1)
		cli_die(NULL, "--ping: one server at a time (got %zu)", r->n);
	for (size_t x = 0; x < CHK_XPORTS; x++)
		if (o->xport[x]) {
			po.xport = (enum chk_xport)x;
			n_xports++;
		}
	if (n_xports > 1)
		cli_die(NULL, "--ping: one transport at a time");
	po.count = o->count_text ? (unsigned)cli_long_or_die("count", o->count_text, 0,
							     CHK_PING_COUNT_MAX)
				 : CHK_PING_COUNT;
	po.server = r->srv[0].addr;
	po.tls = r->srv[0].tls;
	po.url = r->srv[0].url;
	po.trust = o->trust;
	if (po.xport == CHK_X_TLS)
		addr_set_port(&po.server, po.tls.port); /* the header names the port asked */
	else if (po.xport == CHK_X_HTTPS)
		addr_set_port(&po.server, po.url.port);
	dns_host_text(&po.server, po.host, sizeof(po.host));
	snprintf(po.where, sizeof(po.where), "%s", r->srv[0].where);
	check_parse_name_or_die("name", o->name, &po.name);
	dns_name_to_text(&po.name, po.name_text, sizeof(po.name_text), false);
	po.type = check_parse_type_or_die("type", o->type);
	dns_type_to_text(po.type, po.type_text, sizeof(po.type_text));
	return check_ping(&po);
}

/* check_defaults
 * What was not given: the type (SOA for ".", else A), the truncation test's name. */
static void check_defaults(struct chk_opts *o)
{
	if (o->type == NULL)
		o->type = strcmp(o->name, ".") == 0 ? "SOA" : "A";
	if (o->big == NULL) {
		/* the root's keys: over 512 bytes on any resolver that reaches the root */
		o->big = ".";
		o->big_type = "DNSKEY";
	} else if (o->big_type == NULL) {
		o->big_type = "A";
	}
}

/* check_default_servers
 * No --server: resolv.conf's, or ::1 and 127.0.0.1 (TLS on their port 853). */
static void check_default_servers(struct chk_opts *o, const struct dns_conf *conf)
{
	struct nsl_settings s;

	opt_settings_init(&s, conf);
	for (size_t i = 0; i < s.n_servers && o->n_servers < CHK_MAX_SERVERS; i++) {
		o->servers[o->n_servers] = s.servers[i].addr;
		o->tls[o->n_servers].port = DNS_TLS_PORT;
		addr_set_port(&o->servers[o->n_servers++], 53);
	}
}

/* check_main
 * Parse the options, pick the servers, run every probe, report. */
int check_main(int argc, char **argv, const struct dns_conf *conf)
{
	struct chk_result *rp = calloc(1, sizeof(*rp));
	struct chk_opts o = {.name = ".",
			     .signed_name = ".",
			     .big = NULL,
			     .big_type = NULL,
			     .timeout_ms = CHK_DEFAULT_TIMEOUT_MS,
			     .interval_ms = CHK_PING_INTERVAL_MS};
	struct chk_run run = {.r = rp};
	struct dns_stream_layer tls = {0};
	int rc;

	if (rp == NULL)
		cli_die(NULL, "out of memory");
	struct chk_result *r = rp;
	check_parse_args(argc, argv, &o);
	check_defaults(&o);
	if (o.n_servers == 0)
		check_default_servers(&o, conf);
	check_name_servers(r, &o);
	chk_tls_setup(r, o.xport, &o.trust, &tls);
	if (o.ping) {
		rc = check_ping_run(r, &o);
		chk_tls_free(&tls);
		check_free_names(&o);
		free(r);
		return rc;
	}
	if (o.interval_given)
		cli_die(NULL, "--check: --interval goes with --ping");
	o.count = o.count_text ? (unsigned)cli_long_or_die("count", o.count_text, 1, CHK_MAX_COUNT)
			       : CHK_DEFAULT_COUNT;
	if (o.format == CHK_OPENMETRICS || o.format == CHK_PROMETHEUS)
		check_unique_servers_or_die(r);
	memcpy(r->xport, o.xport, sizeof(r->xport));
	r->xport[CHK_X_UDP] = true; /* the verdicts rest on UDP */
	if (o.intercept)
		check_set_intercept(r, o.intercept);
	run.loop = loop_new();
	if (run.loop == NULL)
		cli_die("event loop", "%s", strerror(errno));
	if (r->xport[CHK_X_HTTPS])
		run.https = chk_xport_https_or_die(run.loop, &o.trust);
	check_run(&run, &o);
	dns_https_free(run.https);
	loop_free(run.loop);
	chk_tls_free(&tls);
	rc = report_check(r, o.format);
	for (size_t i = 0; i < r->n; i++)
		free(r->srv[i].signature);
	check_free_names(&o);
	free(r);
	return rc;
}
