/* check_ping.c — nslookup --check --ping: one server, one query at a time, a line per
 * answer, as dnsping prints them (its header, "N bytes from ADDR: seq=N   time=X ms",
 * "Request timeout", its summary), and ours after: the flags, the rcode and the TTL.
 * The summary comes at the end of -c queries and on SIGINT, SIGTERM, SIGHUP. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "netdx/cli.h"
#include "netdx/dns_query.h"
#include "netdx/dns_type.h"
#include "netdx/out.h"
#include "check.h"

/* A ping run. */
struct ping_run {
	const struct chk_ping_opts *o;
	struct loop *loop;
	struct loop_timer next; /* when the next query goes out */
	struct dns_query *q;    /* the query in flight, or NULL */
	struct chk_https https; /* HTTPS: the context and the URL */
	unsigned seq;           /* queries sent */
	uint64_t sent_ns;       /* when the last one went out */
	struct stats rtt;       /* the answered ones */
	json_t *lines;          /* --json: one object per query */
};

static void ping_send(void *arg);

/* ping_schedule
 * The next query an interval after the last one went out (at once if that is past),
 * or the end when -c queries are done. */
static void ping_schedule(struct ping_run *p)
{
	if (p->o->count && p->seq >= p->o->count) {
		loop_stop(p->loop);
		return;
	}
	uint64_t at = p->sent_ns + (uint64_t)(p->o->interval_ms * 1e6);
	loop_timer_arm(p->loop, &p->next, at, ping_send, p);
}

/* ping_on_answer
 * A line for the answer, or for its absence. */
static void ping_on_event(void *arg, struct dns_query *q, struct dns_query_event *ev)
{
	struct ping_run *p = arg;
	json_t *j = p->lines ? json_object() : NULL;
	char fl[32], rc[16];
	(void)q;

	if (ev->kind == DNS_QE_IGNORED || ev->kind == DNS_QE_TCP_RETRY)
		return;
	p->q = NULL;
	if (j)
		out_json_set(j, "seq", json_integer(p->seq));
	if (ev->kind == DNS_QE_ANSWER) {
		const struct dns_msg *m = ev->msg;
		long ttl = m->n[DNS_S_ANSWER] ? (long)m->rr[DNS_S_ANSWER][0].ttl : -1;
		stats_reply(&p->rtt, p->seq, ev->rtt_ms, false);
		chk_flags_text(m->flags, true, fl, sizeof(fl));
		dns_rcode_to_text(m->rcode, rc, sizeof(rc));
		if (j) {
			out_json_set(j, "bytes", json_integer((json_int_t)m->len));
			out_json_set(j, "rtt_ms", out_json_ms(ev->rtt_ms));
			out_json_set(j, "flags", json_string(fl));
			out_json_set(j, "rcode", json_string(rc));
			out_json_set(j, "ttl", ttl >= 0 ? json_integer(ttl) : json_null());
		} else {
			printf("%zu bytes from %s: seq=%-3u time=%.3f ms  [%s]  %s", m->len,
			       p->o->host, p->seq, ev->rtt_ms, fl, rc);
			if (ttl >= 0)
				printf("  ttl=%ld", ttl);
			printf("\n");
		}
		dns_msg_free(ev->msg);
	} else {
		const char *what = ev->kind == DNS_QE_TIMEOUT  ? "Request timeout"
				   : ev->kind == DNS_QE_BADMSG ? "Invalid Response"
							       : NULL;
		char err[320];
		if (what == NULL) {
			snprintf(err, sizeof(err), "Request failed: %s",
				 ev->detail ? ev->detail
				 : ev->err  ? strerror(ev->err)
					    : "connection closed");
			what = err;
		}
		if (j) {
			out_json_set(j, "rtt_ms", json_null());
			out_json_set(j, "error", json_string(what));
		} else {
			printf("%s\n", what);
		}
	}
	if (j)
		json_array_append_new(p->lines, j);
	fflush(stdout);
	ping_schedule(p);
}

/* ping_send
 * The next query (its timer fired). */
static void ping_send(void *arg)
{
	struct ping_run *p = arg;
	struct dns_query_opts qo = {.server = p->o->server, .timeout_ms = p->o->timeout_ms};

	qo.spec = (struct dns_query_spec){.name = &p->o->name,
					  .type = p->o->type,
					  .cls = DNS_C_IN,
					  .rd = true,
					  .edns = true,
					  .udp_size = 1232};
	struct chk_at at = {&p->o->tls, &p->https};
	chk_xport(p->o->xport)->apply(&qo, &at);
	p->seq++;
	p->sent_ns = loop_now_ns();
	stats_sent(&p->rtt);
	p->q = dns_query_start(p->loop, &qo, ping_on_event, p);
	if (p->q == NULL) {
		struct dns_query_event ev = {.kind = DNS_QE_NETERR, .err = errno};
		ping_on_event(p, NULL, &ev);
	}
}

/* ping_on_signal
 * Interrupted: the query in flight is dropped (sent, never answered), the summary
 * follows. */
static void ping_on_signal(void *arg, int signo)
{
	struct ping_run *p = arg;
	(void)signo;

	if (p->q) {
		dns_query_cancel(p->q);
		p->q = NULL;
	}
	loop_timer_disarm(p->loop, &p->next);
	loop_stop(p->loop);
}

/* ping_stddev_ms
 * The sample standard deviation, as dnsping's (Python's statistics.stdev). */
static double ping_stddev_ms(const struct stats *s)
{
	return s->n > 1 ? sqrt(s->m2 / (double)(s->n - 1)) : 0.0;
}

/* ping_summary
 * dnsping's three lines, or the JSON document. */
static bool ping_summary(const struct ping_run *p)
{
	const struct stats *s = &p->rtt;
	double lost = s->sent ? 100.0 * (double)(s->sent - s->received) / (double)s->sent : 0;
	double min = s->received ? s->min_ms : 0, max = s->received ? s->max_ms : 0;

	if (p->lines == NULL) {
		printf("\n--- %s nslookup statistics ---\n", p->o->host);
		printf("%llu requests transmitted, %llu responses received, %.0f%% lost\n",
		       (unsigned long long)s->sent, (unsigned long long)s->received, lost);
		printf("min=%.3f ms, avg=%.3f ms, max=%.3f ms, stddev=%.3f ms\n", min,
		       stats_mean_ms(s), max, ping_stddev_ms(s));
		return fflush(stdout) == 0;
	}
	json_t *doc = json_object(), *rtt = json_object();
	out_json_set(doc, "server", json_string(p->o->where));
	out_json_set(doc, "transport", json_string(chk_xport(p->o->xport)->name));
	out_json_set(doc, "name", json_string(p->o->name_text));
	out_json_set(doc, "type", json_string(p->o->type_text));
	out_json_set(doc, "queries", json_incref(p->lines));
	out_json_set(doc, "sent", json_integer((json_int_t)s->sent));
	out_json_set(doc, "received", json_integer((json_int_t)s->received));
	out_json_set(doc, "lost_percent", json_real(lost));
	if (s->received) {
		out_json_set(rtt, "min", out_json_ms(min));
		out_json_set(rtt, "avg", out_json_ms(stats_mean_ms(s)));
		out_json_set(rtt, "max", out_json_ms(max));
		out_json_set(rtt, "stddev", out_json_ms(ping_stddev_ms(s)));
		out_json_set(doc, "rtt_ms", rtt);
	} else {
		json_decref(rtt);
		out_json_set(doc, "rtt_ms", json_null());
	}
	return out_json_emit(stdout, doc, true);
}

int check_ping(const struct chk_ping_opts *o)
{
	struct ping_run p = {.o = o, .loop = loop_new()};
	bool written;

	if (p.loop == NULL || loop_watch_end_signals(p.loop, ping_on_signal, &p) < 0)
		cli_die("event loop", "%s", strerror(errno));
	stats_init(&p.rtt);
	p.https.url = &o->url;
	if (o->xport == CHK_X_HTTPS)
		p.https.ctx = chk_xport_https_or_die(p.loop, &o->trust);
	if (o->json)
		p.lines = json_array();
	else
		printf("nslookup DNS: %s:%u, hostname: %s, proto: %s, rdatatype: %s, flags: RD\n",
		       o->host, addr_port(&o->server), o->name_text, chk_xport(o->xport)->upper,
		       o->type_text);
	fflush(stdout);
	ping_send(&p);
	if (loop_run(p.loop) < 0)
		cli_die("event loop", "%s", strerror(errno));
	written = ping_summary(&p);
	json_decref(p.lines);
	dns_https_free(p.https.ctx);
	loop_free(p.loop);
	if (!written)
		return CHK_EXIT_FAILED;
	return p.rtt.received ? CHK_EXIT_OK : CHK_EXIT_FAILED;
}
