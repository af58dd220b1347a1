/* check_report.c — the --check report's findings: for each server what is wrong, how much it
 * matters (failure, warning, or info on a test that could not be made), one table of
 * the measurements and a line per finding, or one JSON document; and the exit status. */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netdx/dns_type.h"
#include "netdx/out.h"
#include "check.h"

#define FINDINGS_MAX 16

/* How serious a finding is. */
enum severity {
	SEV_INFO,    /* a test could not be made: neither good nor bad */
	SEV_WARNING, /* the resolver works, with a weakness clients can feel */
	SEV_FAILURE, /* it is broken or lies: lookups fail, stall or get wrong answers */
};

/* The words for a severity; a server's status is its worst finding's ("ok" for none
 * above info). */
static const char *const sev_word[] = {"info", "warning", "failure"};

/* One thing found about a server. */
struct finding {
	enum severity sev;
	char text[256]; /* what, and why it matters */
};

/* Everything found about one server, in the order judged. */
struct findings {
	struct finding f[FINDINGS_MAX];
	size_t n;
	bool warned; /* a warning among them */
	bool failed; /* a failure among them */
};

/* report_add
 * One more finding (printf-style text). */
static void report_add(struct findings *fs, enum severity sev, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void report_add(struct findings *fs, enum severity sev, const char *fmt, ...)
{
	va_list ap;

	if (fs->n == FINDINGS_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(fs->f[fs->n].text, sizeof(fs->f[fs->n].text), fmt, ap);
	va_end(ap);
	fs->f[fs->n++].sev = sev;
	fs->warned = fs->warned || sev == SEV_WARNING;
	fs->failed = fs->failed || sev == SEV_FAILURE;
}

/* report_status_word
 * A server's status: "failure", "warning" or "ok". */
static const char *report_status_word(const struct findings *fs)
{
	return fs->failed ? sev_word[SEV_FAILURE] : fs->warned ? sev_word[SEV_WARNING] : "ok";
}

/* report_mark_consistency
 * Compare the servers' answers: the most common one is the reference (it must come
 * from two servers at least, and no other answer as often); servers that answered
 * something else disagree. Without such a majority nobody is blamed. */
static void report_mark_consistency(struct chk_result *r)
{
	size_t count[CHK_MAX_SERVERS] = {0}, best = 0;
	bool tie = false;

	for (size_t i = 0; i < r->n; i++) {
		if (r->srv[i].signature == NULL)
			continue;
		for (size_t j = 0; j < r->n; j++)
			if (r->srv[j].signature &&
			    strcmp(r->srv[i].signature, r->srv[j].signature) == 0)
				count[i]++;
	}
	for (size_t i = 1; i < r->n; i++)
		if (count[i] > count[best])
			best = i;
	for (size_t i = 0; i < r->n; i++)
		if (count[i] == count[best] && r->srv[i].signature &&
		    strcmp(r->srv[i].signature, r->srv[best].signature) != 0)
			tie = true;
	for (size_t i = 0; i < r->n; i++) {
		struct chk_server *s = &r->srv[i];
		if (s->signature == NULL || count[best] < 2 || tie)
			s->consistent = CHK_UNKNOWN;
		else
			s->consistent = strcmp(s->signature, r->srv[best].signature) == 0 ? CHK_YES
											  : CHK_NO;
	}
}

/* report_lost_text
 * The queries over transport x that got no answer, by cause: "3 timed out, 2 ICMP
 * port unreachable" (over UDP; a refused connection over the others); timeouts of a
 * connection never ready (a TLS handshake that never ended) said so. */
static void report_lost_text(const struct chk_lat *l, enum chk_xport x, char *buf, size_t len)
{
	unsigned other = l->neterr - l->port_closed;
	int n = 0;

	buf[0] = '\0';
	if (l->timeouts)
		n += snprintf(buf + n, len - (size_t)n, "%u timed out%s", l->timeouts,
			      l->stalled == l->timeouts ? " before the connection was ready" : "");
	if (l->stalled && l->stalled < l->timeouts && (size_t)n < len)
		n += snprintf(buf + n, len - (size_t)n,
			      " (%u of them before the connection was ready)", l->stalled);
	if (l->port_closed && (size_t)n < len)
		n += snprintf(buf + n, len - (size_t)n, "%s%u %s", n ? ", " : "", l->port_closed,
			      x == CHK_X_UDP ? "ICMP port unreachable" : "connection refused");
	if (other && (size_t)n < len)
		snprintf(buf + n, len - (size_t)n, "%s%u failed: %s", n ? ", " : "", other,
			 l->error);
}

/* report_judge_silent
 * A server that answered none of the latency queries: one failure, saying what the
 * client meets instead (a closed port moves it on at once, silence makes it wait). */
static void report_judge_silent(const struct chk_result *r, const struct chk_server *s,
				struct findings *fs)
{
	char lost[256];

	if (s->lat[CHK_X_UDP].port_closed == s->lat[CHK_X_UDP].sent) {
		report_add(fs, SEV_FAILURE,
			   "port %u closed (ICMP port unreachable to all %u queries): "
			   "nothing serves DNS there; clients move on to the next "
			   "server at once",
			   addr_port(&s->addr), s->lat[CHK_X_UDP].sent);
	} else if (s->lat[CHK_X_UDP].timeouts == s->lat[CHK_X_UDP].sent) {
		report_add(fs, SEV_FAILURE,
			   "no answer to any of %u queries in %.0f ms: clients wait "
			   "out their own timeout (resolv.conf's, 5 s by default), "
			   "then try the next server",
			   s->lat[CHK_X_UDP].sent, r->timeout_ms);
	} else {
		report_lost_text(&s->lat[CHK_X_UDP], CHK_X_UDP, lost, sizeof(lost));
		report_add(fs, SEV_FAILURE, "no answer to any of %u queries (%s): lookups fail",
			   s->lat[CHK_X_UDP].sent, lost);
	}
}

/* report_tls_measured
 * A transport that rests on TLS (TLS itself, HTTPS) was measured. */
static bool report_tls_measured(const struct chk_result *r)
{
	return r->xport[CHK_X_TLS] || r->xport[CHK_X_HTTPS];
}

/* report_xport_label
 * How a finding names transport x: "TCP", "TLS (port 853)",
 * "HTTPS (https://10.0.0.1/dns-query)". */
static void report_xport_label(const struct chk_server *s, enum chk_xport x, char *buf, size_t len)
{
	if (x == CHK_X_TLS)
		snprintf(buf, len, "%s (port %u)", chk_xport(x)->upper, s->tls.port);
	else if (x == CHK_X_HTTPS)
		snprintf(buf, len, "%s (%s)", chk_xport(x)->upper, s->url.text);
	else
		snprintf(buf, len, "%s", chk_xport(x)->upper);
}

/* report_judge_rcodes
 * Error rcodes answered over transport x. Over another transport than UDP, only those
 * UDP did not answer too, named by the transport: what differs is what tells. */
static void report_judge_rcodes(const struct chk_server *s, enum chk_xport x, struct findings *fs)
{
	const struct chk_lat *l = &s->lat[x], *udp = &s->lat[CHK_X_UDP];
	bool other = x != CHK_X_UDP;
	char over[DNS_HTTPS_URL_MAX + 32] = "", label[DNS_HTTPS_URL_MAX + 16];

	if (other) {
		report_xport_label(s, x, label, sizeof(label));
		snprintf(over, sizeof(over), "over %s: ", label);
	}
	if (l->servfail && !(other && udp->servfail))
		report_add(fs, SEV_FAILURE,
			   "%sSERVFAIL on %u of %u queries%s%s%s: names fail to resolve", over,
			   l->servfail, l->sent, s->ede[0] ? " (EDE " : "", s->ede,
			   s->ede[0] ? ")" : "");
	if (l->refused && !(other && udp->refused))
		report_add(fs, SEV_FAILURE,
			   "%sREFUSED on %u of %u queries: it will not serve this client", over,
			   l->refused, l->sent);
	if (l->other_rcode && !(other && udp->other_rcode))
		report_add(fs, SEV_FAILURE, "%serror rcode on %u of %u queries", over,
			   l->other_rcode, l->sent);
}

/* report_xport_silent
 * Transport x was measured and answered none of its queries. */
static bool report_xport_silent(const struct chk_result *r, const struct chk_server *s,
				enum chk_xport x)
{
	return r->xport[x] && s->lat[x].sent > 0 && s->lat[x].answered == 0;
}

/* report_judge_xport
 * A transport measured beside UDP (--transport, a tls:// server): the queries it lost,
 * in one line that says why (a refused connection, a certificate that does not verify,
 * a handshake that never ends), and the errors it answered where UDP did not, each
 * named by the transport. Losing half or more fails the server, whatever UDP does: it
 * was measured because clients use it. */
static void report_judge_xport(const struct chk_server *s, enum chk_xport x, struct findings *fs)
{
	const struct chk_lat *l = &s->lat[x];
	unsigned unanswered = l->timeouts + l->neterr;
	char lost[256], label[DNS_HTTPS_URL_MAX + 16];

	if (unanswered) {
		report_xport_label(s, x, label, sizeof(label));
		report_lost_text(l, x, lost, sizeof(lost));
		report_add(fs, 2 * unanswered >= l->sent ? SEV_FAILURE : SEV_WARNING,
			   "over %s: %u of %u queries unanswered (%s)", label, unanswered, l->sent,
			   lost);
	}
	report_judge_rcodes(s, x, fs);
}

/* report_judge_xports
 * Every transport measured beside UDP. */
static void report_judge_xports(const struct chk_result *r, const struct chk_server *s,
				struct findings *fs)
{
	for (int x = CHK_X_UDP + 1; x < CHK_XPORTS; x++)
		if (r->xport[x])
			report_judge_xport(s, (enum chk_xport)x, fs);
}

/* report_judge_untested
 * Tests whose query got no usable answer: neither passed nor failed. */
static void report_judge_untested(const struct chk_result *r, const struct chk_server *s,
				  struct findings *fs)
{
	if (s->edns == CHK_UNKNOWN)
		report_add(fs, SEV_INFO, "EDNS0 not tested: the query with an OPT record got %s",
			   s->untested[CHK_T_EDNS]);
	if (s->tc == CHK_TC_UNKNOWN)
		report_add(fs, SEV_INFO, "truncation not tested: %s %s over UDP got %s",
			   r->big_name, r->big_type, s->untested[CHK_T_TC]);
	if (s->ad == CHK_UNKNOWN)
		report_add(fs, SEV_INFO, "DNSSEC validation not tested: %s got %s", r->signed_name,
			   s->untested[CHK_T_AD]);
	if (s->nx_ok == CHK_UNKNOWN)
		report_add(fs, SEV_INFO, "NXDOMAIN rewriting not tested: %s got %s", r->nx_name,
			   s->untested[CHK_T_NX]);
	if (r->whoami[0] && !s->egress[0])
		report_add(fs, SEV_INFO, "egress address not learned: %s got %s", r->whoami,
			   s->untested[CHK_T_WHOAMI]);
}

/* report_judge_tls_trust
 * Answers over TLS or HTTPS taken without checking the certificate (--insecure),
 * flagged. */
static void report_judge_tls_trust(const struct chk_result *r, const struct chk_server *s,
				   struct findings *fs)
{
	bool took = (r->xport[CHK_X_TLS] && s->lat[CHK_X_TLS].answered) ||
		    (r->xport[CHK_X_HTTPS] && s->lat[CHK_X_HTTPS].answered);

	if (r->tls_insecure && took)
		report_add(fs, SEV_WARNING,
			   "TLS certificate not verified (--insecure): whoever is on the path "
			   "may have answered");
}

/* report_judge
 * Everything found about one server, in words a user can act on. Failures: it does
 * not answer (or loses half the queries), answers errors, is no resolver, cuts
 * answers silently or invents them. Warnings: it works, but loses a few queries,
 * lacks EDNS0 or TCP, does not validate DNSSEC (most ISP and company resolvers) or
 * disagrees with the others (CDNs may). */
static void report_judge(const struct chk_result *r, const struct chk_server *s,
			 struct findings *fs)
{
	char lost[256];

	if (s->lat[CHK_X_UDP].answered == 0) {
		report_judge_silent(r, s, fs);
		report_judge_xports(r, s, fs);
		return;
	}
	unsigned unanswered = s->lat[CHK_X_UDP].timeouts + s->lat[CHK_X_UDP].neterr;
	if (unanswered) {
		/* a lost query now and then is a network's lot; half of them is a breakdown */
		report_lost_text(&s->lat[CHK_X_UDP], CHK_X_UDP, lost, sizeof(lost));
		report_add(fs, 2 * unanswered >= s->lat[CHK_X_UDP].sent ? SEV_FAILURE : SEV_WARNING,
			   "%u of %u queries unanswered (%s): %s", unanswered,
			   s->lat[CHK_X_UDP].sent, lost,
			   s->lat[CHK_X_UDP].timeouts
				   ? "those lookups stall for the client's timeout"
				   : "those lookups go to the next server");
	}
	report_judge_rcodes(s, CHK_X_UDP, fs);
	report_judge_xports(r, s, fs);
	if (s->ra == CHK_NO)
		report_add(fs, SEV_FAILURE, "recursion not available: it is not a resolver");
	if (s->tc == CHK_TC_NO_FLAG)
		report_add(fs, SEV_FAILURE,
			   "cuts large answers without the TC bit (%u of %u records): "
			   "clients get partial data",
			   s->tc_udp_records, s->tc_tcp_records);
	if (s->nx_ok == CHK_NO)
		report_add(fs, SEV_FAILURE,
			   "NXDOMAIN rewritten (%s answered %s): mistyped names reach "
			   "someone else's server",
			   r->nx_name, s->nx_answer);
	if (s->edns == CHK_NO)
		report_add(fs, SEV_WARNING, "no EDNS0: answers over 512 bytes and DNSSEC need it");
	if (s->tcp != CHK_YES && !report_xport_silent(r, s, CHK_X_TCP))
		report_add(fs, SEV_WARNING,
			   "no answer over TCP: truncated answers cannot be fetched");
	if (s->tc == CHK_TC_TCP_FAILED && !report_xport_silent(r, s, CHK_X_TCP))
		report_add(fs, SEV_WARNING,
			   "truncates (TC) but gives no answer over TCP: large answers fail");
	if (s->ad == CHK_NO)
		report_add(fs, SEV_WARNING,
			   "no DNSSEC validation (no AD bit for %s): forged answers pass",
			   r->signed_name);
	if (s->consistent == CHK_NO)
		report_add(fs, SEV_WARNING, "answers for %s differ from the other servers",
			   r->name);
	report_judge_tls_trust(r, s, fs);
	report_judge_untested(r, s, fs);
}

/* report_intercept_text
 * The interception test in words; true when something intercepts (a failure). */
static bool report_intercept_text(const struct chk_result *r, char *buf, size_t len)
{
	const struct chk_intercept *ic = &r->intercept;

	if (ic->answered == CHK_YES) {
		char who[sizeof(ic->nsid) + sizeof(ic->as) + 32] = "";
		if (ic->nsid[0])
			snprintf(who, sizeof(who), " (NSID \"%s\"%s%s)", ic->nsid,
				 ic->as[0] ? ", that of " : "", ic->as);
		snprintf(buf, len,
			 "failure: %s runs no resolver, yet %s came back%s: something on the "
			 "path answers DNS sent to port %u, whatever server is asked",
			 ic->where, ic->answer, who, addr_port(&ic->addr));
		return true;
	}
	snprintf(buf, len, "ok: %s runs no resolver and nothing answered for it", ic->where);
	return false;
}

/* report_mark_intercept
 * Name the checked server whose NSID the interceptor's answer carried. */
static void report_mark_intercept(struct chk_result *r)
{
	struct chk_intercept *ic = &r->intercept;

	for (size_t i = 0; i < r->n && ic->nsid[0]; i++)
		if (strcmp(r->srv[i].nsid, ic->nsid) == 0) {
			snprintf(ic->as, sizeof(ic->as), "%s", r->srv[i].label);
			return;
		}
}

/* report_tri
 * A yes/no cell. */
static const char *report_tri(enum chk_tri t)
{
	return t == CHK_YES ? "yes" : t == CHK_NO ? "no" : "-";
}

/* report_tc_word
 * The truncation cell. */
static const char *report_tc_word(enum chk_tc tc)
{
	switch (tc) {
	case CHK_TC_OK:
		return "ok";
	case CHK_TC_FITS:
		return "fits";
	case CHK_TC_NO_FLAG:
		return "no-TC";
	case CHK_TC_TCP_FAILED:
		return "no-TCP";
	case CHK_TC_UNKNOWN:
		break;
	}
	return "-";
}

/* report_print_table
 * One row per server. */
static void report_print_table(const struct chk_result *r)
{
	size_t w = strlen("server");

	for (size_t i = 0; i < r->n; i++)
		if (strlen(r->srv[i].label) > w)
			w = strlen(r->srv[i].label);
	printf("checking %s %s on %zu server%s, %u queries each\n", r->name, r->type, r->n,
	       r->n == 1 ? "" : "s", r->count);
	printf("%-*s  %8s %4s %4s %4s %8s %8s %8s %8s  %-3s %-9s %-3s %-6s %-3s %-4s %s\n", (int)w,
	       "server", "answered", "lost", "fail", "refu", "min(ms)", "avg(ms)", "max(ms)",
	       "sd(ms)", "RA", "EDNS", "TCP", "TC", "AD", "NXD", "same");
	for (size_t i = 0; i < r->n; i++) {
		const struct chk_server *s = &r->srv[i];
		char answered[16], edns[16];
		snprintf(answered, sizeof(answered), "%u/%u", s->lat[CHK_X_UDP].answered,
			 s->lat[CHK_X_UDP].sent);
		if (s->edns == CHK_YES)
			snprintf(edns, sizeof(edns), "yes %u", s->edns_size);
		else
			snprintf(edns, sizeof(edns), "%s", report_tri(s->edns));
		printf("%-*s  %8s %4u %4u %4u ", (int)w, s->label, answered,
		       s->lat[CHK_X_UDP].timeouts + s->lat[CHK_X_UDP].neterr,
		       s->lat[CHK_X_UDP].servfail, s->lat[CHK_X_UDP].refused);
		if (s->lat[CHK_X_UDP].answered)
			printf("%8.3f %8.3f %8.3f %8.3f  ", s->lat[CHK_X_UDP].rtt.min_ms,
			       stats_mean_ms(&s->lat[CHK_X_UDP].rtt), s->lat[CHK_X_UDP].rtt.max_ms,
			       stats_stddev_ms(&s->lat[CHK_X_UDP].rtt));
		else
			printf("%8s %8s %8s %8s  ", "-", "-", "-", "-");
		printf("%-3s %-9s %-3s %-6s %-3s %-4s %s\n", report_tri(s->ra), edns,
		       report_tri(s->tcp), report_tc_word(s->tc), report_tri(s->ad),
		       s->nx_ok == CHK_YES  ? "ok"
		       : s->nx_ok == CHK_NO ? "lies"
					    : "-",
		       report_tri(s->consistent));
	}
}

/* report_tri_json
 * A yes/no finding as JSON: true, false, or null when the test could not be made. */
static json_t *report_tri_json(enum chk_tri t)
{
	return t == CHK_UNKNOWN ? json_null() : json_boolean(t == CHK_YES);
}

/* report_findings_json
 * [{"severity": "warning", "text": "..."}, ...] */
static json_t *report_findings_json(const struct findings *fs)
{
	json_t *a = json_array();

	for (size_t i = 0; i < fs->n; i++) {
		json_t *f = json_object();
		out_json_set(f, "severity", json_string(sev_word[fs->f[i].sev]));
		out_json_set(f, "text", json_string(fs->f[i].text));
		json_array_append_new(a, f);
	}
	return a;
}

/* A number of a struct, under its JSON key. */
struct report_count {
	const char *key;
	size_t at; /* offsetof an unsigned */
};

/* A transport's counts, in the order the JSON gives them. */
static const struct report_count report_server_counts[] = {
	{"queries", offsetof(struct chk_lat, sent)},
	{"answered", offsetof(struct chk_lat, answered)},
	{"timeouts", offsetof(struct chk_lat, timeouts)},
	{"errors", offsetof(struct chk_lat, neterr)},
	{"port_unreachable", offsetof(struct chk_lat, port_closed)},
	{"servfail", offsetof(struct chk_lat, servfail)},
	{"refused", offsetof(struct chk_lat, refused)},
	{"other_rcode", offsetof(struct chk_lat, other_rcode)},
};

/* report_counts_json
 * A transport's counts into j. */
static void report_counts_json(json_t *j, const struct chk_lat *l)
{
	for (size_t i = 0; i < sizeof(report_server_counts) / sizeof(report_server_counts[0]); i++)
		out_json_set(j, report_server_counts[i].key,
			     json_integer(*(const unsigned *)((const char *)l +
							      report_server_counts[i].at)));
}

/* report_stats_json
 * {"min": .., "avg": .., "max": .., "stddev": ..}, null with nothing answered. */
static json_t *report_stats_json(const struct stats *st)
{
	json_t *j;

	if (st->received == 0)
		return json_null();
	j = json_object();
	out_json_set(j, "min", out_json_ms(st->min_ms));
	out_json_set(j, "avg", out_json_ms(stats_mean_ms(st)));
	out_json_set(j, "max", out_json_ms(st->max_ms));
	out_json_set(j, "stddev", out_json_ms(stats_stddev_ms(st)));
	return j;
}

/* report_lost_percent
 * The share of queries unanswered, as dnseval's lost(%). */
static double report_lost_percent(unsigned sent, unsigned answered)
{
	return sent ? 100.0 * (double)(sent - answered) / (double)sent : 0.0;
}

/* report_text_or_null
 * A text as JSON, null when it is empty. */
static json_t *report_text_or_null(const char *text)
{
	return text[0] ? json_string(text) : json_null();
}

/* report_transports_json
 * {"udp": {...}, "tcp": {...}}: each transport measured, its counts, RTT, the first
 * answer's TTL, flags and rcode, and the cache-miss queries. */
static json_t *report_transports_json(const struct chk_result *r, const struct chk_server *s)
{
	json_t *all = json_object();
	char fl[32], rc[16];

	for (size_t x = 0; x < CHK_XPORTS; x++) {
		const struct chk_lat *l = &s->lat[x];
		json_t *j = json_object(), *miss = json_object();
		if (!r->xport[x]) {
			json_decref(j);
			json_decref(miss);
			continue;
		}
		report_counts_json(j, l);
		out_json_set(j, "lost_percent",
			     json_real(report_lost_percent(l->sent, l->answered)));
		out_json_set(j, "error", report_text_or_null(l->error));
		out_json_set(j, "rtt_ms", report_stats_json(&l->rtt));
		out_json_set(j, "ttl", l->ttl >= 0 ? json_integer(l->ttl) : json_null());
		chk_flags_text(l->flags, false, fl, sizeof(fl));
		out_json_set(j, "flags", l->flags >= 0 ? json_string(fl) : json_null());
		out_json_set(j, "rcode",
			     l->flags >= 0 ? json_string(dns_rcode_to_text((uint16_t)l->rcode, rc,
									   sizeof(rc)))
					   : json_null());
		out_json_set(miss, "queries", json_integer((json_int_t)l->miss.sent));
		out_json_set(miss, "answered", json_integer((json_int_t)l->miss.received));
		out_json_set(miss, "rtt_ms", report_stats_json(&l->miss));
		out_json_set(j, "cache_miss", miss);
		if (x == CHK_X_HTTPS)
			out_json_set(j, "url", json_string(s->url.text));
		out_json_set(all, chk_xport((enum chk_xport)x)->name, j);
	}
	return all;
}

/* report_rcodes_json
 * {"NOERROR": 9, "SERVFAIL": 1}: the latency queries' answers by rcode (those seen). */
static json_t *report_rcodes_json(const struct chk_server *s)
{
	json_t *j = json_object();
	char rc[16];

	for (unsigned i = 0; i < CHK_RCODES; i++)
		if (s->lat[CHK_X_UDP].rcodes[i])
			out_json_set(j, dns_rcode_to_text(i, rc, sizeof(rc)),
				     json_integer(s->lat[CHK_X_UDP].rcodes[i]));
	return j;
}

/* report_server_json
 * One server's measurements and findings. */
static json_t *report_server_json(const struct chk_result *r, const struct chk_server *s,
				  const struct findings *fs)
{
	json_t *j = json_object(), *edns = json_object();

	out_json_set(j, "server", json_string(s->where));
	out_json_set(j, "name", report_text_or_null(s->name));
	report_counts_json(j, &s->lat[CHK_X_UDP]);
	out_json_set(j, "rcodes", report_rcodes_json(s));
	out_json_set(j, "rtt_ms", report_stats_json(&s->lat[CHK_X_UDP].rtt));
	out_json_set(j, "recursion", report_tri_json(s->ra));
	out_json_set(edns, "supported", report_tri_json(s->edns));
	out_json_set(edns, "udp_size",
		     s->edns == CHK_YES ? json_integer(s->edns_size) : json_null());
	out_json_set(j, "edns", edns);
	out_json_set(j, "tcp", report_tri_json(s->tcp));
	out_json_set(j, "truncation",
		     s->tc == CHK_TC_UNKNOWN ? json_null() : json_string(report_tc_word(s->tc)));
	out_json_set(j, "dnssec_validation", report_tri_json(s->ad));
	out_json_set(j, "nxdomain_ok", report_tri_json(s->nx_ok));
	out_json_set(j, "nxdomain_answer",
		     s->nx_ok == CHK_NO ? json_string(s->nx_answer) : json_null());
	out_json_set(j, "nsid", report_text_or_null(s->nsid));
	out_json_set(j, "id_server", report_text_or_null(s->id_server));
	out_json_set(j, "hostname_bind", report_text_or_null(s->hostname_bind));
	out_json_set(j, "egress", report_text_or_null(s->egress));
	out_json_set(j, "transports", report_transports_json(r, s));
	out_json_set(j, "ede", report_text_or_null(s->ede));
	out_json_set(j, "consistent", report_tri_json(s->consistent));
	out_json_set(j, "status", json_string(report_status_word(fs)));
	out_json_set(j, "findings", report_findings_json(fs));
	return j;
}

/* report_intercept_json
 * The interception test, null without --intercept. */
static json_t *report_intercept_json(const struct chk_result *r)
{
	const struct chk_intercept *ic = &r->intercept;
	json_t *j;
	char text[2048];

	if (!ic->asked)
		return json_null();
	j = json_object();
	out_json_set(j, "address", json_string(ic->where));
	out_json_set(j, "intercepted", report_tri_json(ic->answered));
	out_json_set(j, "answer", report_text_or_null(ic->answer));
	out_json_set(j, "nsid", report_text_or_null(ic->nsid));
	out_json_set(j, "as", report_text_or_null(ic->as));
	report_intercept_text(r, text, sizeof(text));
	out_json_set(j, "text", json_string(strchr(text, ' ') + 1));
	return j;
}

/* report_emit_json
 * The whole check as one document. Returns false if it could not be written. */
static bool report_emit_json(const struct chk_result *r, const struct findings *fs,
			     const char *status, int rc)
{
	json_t *doc = json_object(), *servers = json_array();

	out_json_set(doc, "name", json_string(r->name));
	out_json_set(doc, "type", json_string(r->type));
	out_json_set(doc, "signed_name", json_string(r->signed_name));
	out_json_set(doc, "big_name", json_string(r->big_name));
	out_json_set(doc, "big_type", json_string(r->big_type));
	out_json_set(doc, "nxdomain_name", json_string(r->nx_name));
	out_json_set(doc, "queries_per_server", json_integer(r->count));
	out_json_set(doc, "cache_miss_zone", json_string(r->miss_zone));
	out_json_set(doc, "whoami", report_text_or_null(r->whoami));
	json_t *xports = json_array();
	for (size_t x = 0; x < CHK_XPORTS; x++)
		if (r->xport[x])
			json_array_append_new(xports,
					      json_string(chk_xport((enum chk_xport)x)->name));
	out_json_set(doc, "transports", xports);
	if (report_tls_measured(r))
		out_json_set(doc, "tls_verified", json_boolean(!r->tls_insecure));
	out_json_set(doc, "timeout_ms", out_json_ms(r->timeout_ms));
	for (size_t i = 0; i < r->n; i++)
		json_array_append_new(servers, report_server_json(r, &r->srv[i], &fs[i]));
	out_json_set(doc, "servers", servers);
	out_json_set(doc, "interception", report_intercept_json(r));
	out_json_set(doc, "status", json_string(status));
	out_json_set(doc, "exit_code", json_integer(rc));
	out_json_set(doc, "elapsed_ms", out_json_ms(r->elapsed_ms));
	return out_json_emit(stdout, doc, true);
}

/* report_print_transports
 * Latency over each transport, as dnseval's columns (avg, min, max, stddev, lost, ttl,
 * flags, response), and ours after: the cache-miss queries' mean and how many of
 * them were answered. */
static void report_print_transports(const struct chk_result *r)
{
	size_t w = strlen("server");
	char fl[32], rc[16], lost[16], ttl[24], miss[64];

	for (size_t i = 0; i < r->n; i++)
		if (strlen(r->srv[i].label) > w)
			w = strlen(r->srv[i].label);
	printf("\nlatency by transport (cache hits: %s %s again; misses: a random label under "
	       "%s)\n",
	       r->name, r->type, r->miss_zone);
	printf("%-*s  %-5s %10s %10s %10s %10s  %-7s  %-9s  %-20s  %-9s  %s\n", (int)w, "server",
	       "proto", "avg(ms)", "min(ms)", "max(ms)", "stddev(ms)", "lost(%)", "ttl", "flags",
	       "response", "miss avg(ms)");
	for (size_t i = 0; i < r->n; i++)
		for (size_t x = 0; x < CHK_XPORTS; x++) {
			const struct chk_lat *l = &r->srv[i].lat[x];
			if (!r->xport[x])
				continue;
			snprintf(lost, sizeof(lost), "%.0f",
				 report_lost_percent(l->sent, l->answered));
			if (l->ttl >= 0)
				snprintf(ttl, sizeof(ttl), "%ld", l->ttl);
			else
				snprintf(ttl, sizeof(ttl), "N/A");
			chk_flags_text(l->flags, false, fl, sizeof(fl));
			if (l->flags >= 0)
				dns_rcode_to_text((uint16_t)l->rcode, rc, sizeof(rc));
			else
				snprintf(rc, sizeof(rc), "No Response");
			if (l->miss.received)
				snprintf(miss, sizeof(miss), "%.3f (%llu/%llu)",
					 stats_mean_ms(&l->miss),
					 (unsigned long long)l->miss.received,
					 (unsigned long long)l->miss.sent);
			else
				snprintf(miss, sizeof(miss), "- (0/%llu)",
					 (unsigned long long)l->miss.sent);
			printf("%-*s  %-5s %10.3f %10.3f %10.3f %10.3f  %-7s  %-9s  %-20s  %-9s  %s\n",
			       (int)w, r->srv[i].label, chk_xport((enum chk_xport)x)->name,
			       stats_mean_ms(&l->rtt), l->answered ? l->rtt.min_ms : 0.0,
			       l->answered ? l->rtt.max_ms : 0.0, stats_stddev_ms(&l->rtt), lost,
			       ttl, fl, rc, miss);
		}
}

/* report_print_identity
 * What each server says it is ("-" where it said nothing), and with --whoami the
 * address its queries come from. */
static void report_print_identity(const struct chk_result *r)
{
	size_t w = strlen("server"), wn = strlen("NSID"), wi = strlen("id.server");
	size_t wh = strlen("hostname.bind");
	const char *egress = r->whoami[0] ? "egress" : "";

	for (size_t i = 0; i < r->n; i++) {
		const struct chk_server *s = &r->srv[i];
		w = strlen(s->label) > w ? strlen(s->label) : w;
		wn = strlen(s->nsid) > wn ? strlen(s->nsid) : wn;
		wi = strlen(s->id_server) > wi ? strlen(s->id_server) : wi;
		wh = strlen(s->hostname_bind) > wh ? strlen(s->hostname_bind) : wh;
	}
	if (!r->whoami[0])
		wh = 0; /* the last column: no padding */
	printf("\nidentity\n%-*s  %-*s  %-*s  %-*s%s%s\n", (int)w, "server", (int)wn, "NSID",
	       (int)wi, "id.server", (int)wh, "hostname.bind", *egress ? "  " : "", egress);
	for (size_t i = 0; i < r->n; i++) {
		const struct chk_server *s = &r->srv[i];
		printf("%-*s  %-*s  %-*s  %-*s%s%s\n", (int)w, s->label, (int)wn,
		       s->nsid[0] ? s->nsid : "-", (int)wi, s->id_server[0] ? s->id_server : "-",
		       (int)wh, s->hostname_bind[0] ? s->hostname_bind : "-", *egress ? "  " : "",
		       !*egress       ? ""
		       : s->egress[0] ? s->egress
				      : "-");
	}
}

/* report_print_findings
 * One line per finding, failures first, then warnings, then info; "ok" for a server
 * with nothing above info. */
static void report_print_findings(const struct chk_server *s, const struct findings *fs)
{
	if (!fs->failed && !fs->warned)
		printf("%s: ok\n", s->label);
	for (int sev = SEV_FAILURE; sev >= SEV_INFO; sev--)
		for (size_t k = 0; k < fs->n; k++)
			if ((int)fs->f[k].sev == sev)
				printf("%s: %s: %s\n", s->label, sev_word[sev], fs->f[k].text);
}

/* report_verdict
 * A server's status and its findings counted by severity, for the metrics. */
static struct chk_verdict report_verdict(const struct findings *fs)
{
	struct chk_verdict v = {.status = report_status_word(fs)};

	for (size_t k = 0; k < fs->n; k++) {
		v.failures += fs->f[k].sev == SEV_FAILURE;
		v.warnings += fs->f[k].sev == SEV_WARNING;
		v.infos += fs->f[k].sev == SEV_INFO;
	}
	return v;
}

/* report_emit_metrics
 * --openmetrics, --prometheus: the check as one exposition. */
static bool report_emit_metrics(const struct chk_result *r, const struct findings *fs,
				bool openmetrics)
{
	struct chk_verdict v[CHK_MAX_SERVERS];

	for (size_t i = 0; i < r->n; i++)
		v[i] = report_verdict(&fs[i]);
	return check_metrics_emit(r, v, openmetrics);
}

/* report_print_text
 * The table, the findings and the summary line. */
static void report_print_text(const struct chk_result *r, const struct findings *fs, size_t ok,
			      size_t warned, size_t failed)
{
	char ic[2048];

	report_print_table(r);
	report_print_transports(r);
	if (report_tls_measured(r) && r->tls_insecure)
		printf("WARNING: TLS certificates were not verified (--insecure)\n");
	report_print_identity(r);
	printf("\n");
	for (size_t i = 0; i < r->n; i++)
		report_print_findings(&r->srv[i], &fs[i]);
	if (r->intercept.asked) {
		report_intercept_text(r, ic, sizeof(ic));
		printf("interception: %s\n", ic);
	}
	printf("%zu ok, %zu with warnings, %zu failed, in %.0f ms\n", ok, warned, failed,
	       r->elapsed_ms);
	fflush(stdout);
}

/* report_check
 * Judge each server, then print the table and findings, the JSON or the metrics. Exit
 * status: 1 when a server failed, else 0 (warnings alone do not fail the check). */
int report_check(struct chk_result *r, enum chk_format format)
{
	struct findings *fs = calloc(CHK_MAX_SERVERS, sizeof(*fs));
	size_t ok = 0, warned = 0, failed = 0;
	bool written = true;

	if (fs == NULL)
		cli_die(NULL, "out of memory");
	report_mark_consistency(r);
	report_mark_intercept(r);
	for (size_t i = 0; i < r->n; i++) {
		report_judge(r, &r->srv[i], &fs[i]);
		failed += fs[i].failed;
		warned += !fs[i].failed && fs[i].warned;
		ok += !fs[i].failed && !fs[i].warned;
	}
	char ic[2048];
	bool intercepted = r->intercept.asked && report_intercept_text(r, ic, sizeof(ic));
	int rc = failed || intercepted ? CHK_EXIT_FAILED : CHK_EXIT_OK;
	const char *status = failed || intercepted ? sev_word[SEV_FAILURE]
			     : warned              ? sev_word[SEV_WARNING]
						   : "ok";
	if (format == CHK_JSON)
		written = report_emit_json(r, fs, status, rc);
	else if (format == CHK_OPENMETRICS || format == CHK_PROMETHEUS)
		written = report_emit_metrics(r, fs, format == CHK_OPENMETRICS);
	else
		report_print_text(r, fs, ok, warned, failed);
	free(fs);
	return written ? rc : CHK_EXIT_FAILED;
}
