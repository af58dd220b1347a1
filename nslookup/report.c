/* report.c — the checker's findings: which server is healthy and why not, one
 * table of the measurements, a verdict line per server, or one JSON document. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netdx/out.h"
#include "check.h"

#define PROBLEMS_MAX 12

/* The problems found for one server, most serious first. */
struct problems {
	const char *text[PROBLEMS_MAX]; /* what is wrong, and why it matters */
	char buf[PROBLEMS_MAX][200];    /* storage for texts with numbers */
	size_t n;
};

/* add_problem
 * One more problem (printf-style text). */
static void add_problem(struct problems *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void add_problem(struct problems *p, const char *fmt, ...)
{
	va_list ap;

	if (p->n == PROBLEMS_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(p->buf[p->n], sizeof(p->buf[p->n]), fmt, ap);
	va_end(ap);
	p->text[p->n] = p->buf[p->n];
	p->n++;
}

/* mark_consistency
 * Compare the servers' answers: the most common one is the reference (it must come
 * from two servers at least, and no other answer as often); servers that answered
 * something else disagree. Without such a majority nobody is blamed. */
static void mark_consistency(struct chk_result *r)
{
	size_t count[CHK_MAX_SERVERS] = {0}, best = 0;
	bool tie = false;

	for (size_t i = 0; i < r->n; i++) {
		if (r->srv[i].signature == NULL)
			continue;
		for (size_t j = 0; j < r->n; j++)
			if (r->srv[j].signature && strcmp(r->srv[i].signature, r->srv[j].signature) == 0)
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

/* judge
 * Everything wrong with one server, in words a user can act on. */
static void judge(const struct chk_result *r, const struct chk_server *s, struct problems *p)
{
	unsigned lost = s->timeouts + s->neterr;

	if (s->answered == 0) {
		add_problem(p, "no answer to any of %u queries (%s): clients wait %.0f ms, then "
			       "try another server",
			    s->sent, s->neterr ? "errors" : "timeouts", r->timeout_ms);
		return;
	}
	if (lost)
		add_problem(p, "%u of %u queries unanswered: lookups stall for the timeout", lost,
			    s->sent);
	if (s->servfail)
		add_problem(p, "SERVFAIL on %u of %u queries%s%s%s: names fail to resolve",
			    s->servfail, s->sent, s->ede[0] ? " (EDE " : "", s->ede,
			    s->ede[0] ? ")" : "");
	if (s->refused)
		add_problem(p, "REFUSED on %u of %u queries: it will not serve this client",
			    s->refused, s->sent);
	if (s->other_rcode)
		add_problem(p, "error rcode on %u of %u queries", s->other_rcode, s->sent);
	if (s->ra == CHK_NO)
		add_problem(p, "recursion not available: it is not a resolver");
	if (s->edns != CHK_YES)
		add_problem(p, "no EDNS0: answers over 512 bytes and DNSSEC need it");
	if (s->tcp != CHK_YES)
		add_problem(p, "no answer over TCP: truncated answers cannot be fetched");
	if (s->tc == CHK_TC_NO_FLAG)
		add_problem(p, "cuts large answers without the TC bit (%u of %u records): "
			       "clients get partial data",
			    s->tc_udp_records, s->tc_tcp_records);
	else if (s->tc == CHK_TC_TCP_FAILED)
		add_problem(p, "truncates (TC) but gives no answer over TCP: large answers fail");
	if (s->ad == CHK_NO)
		add_problem(p, "no DNSSEC validation (no AD bit for %s): forged answers pass",
			    r->signed_name);
	if (s->nx_ok == CHK_NO)
		add_problem(p, "NXDOMAIN rewritten (%s answered %s): mistyped names reach "
			       "someone else's server",
			    r->nx_name, s->nx_answer);
	if (s->consistent == CHK_NO)
		add_problem(p, "answers for %s differ from the other servers", r->name);
}

/* tri
 * A yes/no cell. */
static const char *tri(enum chk_tri t)
{
	return t == CHK_YES ? "yes" : t == CHK_NO ? "no" : "-";
}

/* tc_word
 * The truncation cell. */
static const char *tc_word(enum chk_tc tc)
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

/* print_table
 * One row per server. */
static void print_table(const struct chk_result *r)
{
	size_t w = strlen("server");

	for (size_t i = 0; i < r->n; i++)
		if (strlen(r->srv[i].label) > w)
			w = strlen(r->srv[i].label);
	printf("checking %s %s on %zu server%s, %u queries each\n", r->name, r->type, r->n,
	       r->n == 1 ? "" : "s", r->count);
	printf("%-*s  %8s %4s %4s %4s %8s %8s %8s %8s  %-3s %-9s %-3s %-6s %-3s %-4s %s\n",
	       (int)w, "server", "answered", "lost", "fail", "refu", "min(ms)", "avg(ms)",
	       "max(ms)", "sd(ms)", "RA", "EDNS", "TCP", "TC", "AD", "NXD", "same");
	for (size_t i = 0; i < r->n; i++) {
		const struct chk_server *s = &r->srv[i];
		char answered[16], edns[16];
		snprintf(answered, sizeof(answered), "%u/%u", s->answered, s->sent);
		if (s->edns == CHK_YES)
			snprintf(edns, sizeof(edns), "yes %u", s->edns_size);
		else
			snprintf(edns, sizeof(edns), "%s", tri(s->edns));
		printf("%-*s  %8s %4u %4u %4u ", (int)w, s->label, answered,
		       s->timeouts + s->neterr, s->servfail, s->refused);
		if (s->answered)
			printf("%8.3f %8.3f %8.3f %8.3f  ", s->rtt.min_ms, stats_mean_ms(&s->rtt),
			       s->rtt.max_ms, stats_stddev_ms(&s->rtt));
		else
			printf("%8s %8s %8s %8s  ", "-", "-", "-", "-");
		printf("%-3s %-9s %-3s %-6s %-3s %-4s %s\n", tri(s->ra), edns, tri(s->tcp),
		       tc_word(s->tc), tri(s->ad), s->nx_ok == CHK_YES ? "ok" : s->nx_ok == CHK_NO ? "lies" : "-",
		       tri(s->consistent));
	}
}

/* tri_json
 * A yes/no finding as JSON: true, false, or null when the checks could not tell. */
static json_t *tri_json(enum chk_tri t)
{
	return t == CHK_UNKNOWN ? json_null() : json_boolean(t == CHK_YES);
}

/* server_json
 * One server's measurements and verdict. */
static json_t *server_json(const struct chk_server *s, const struct problems *p)
{
	json_t *j = json_object(), *rtt = json_object(), *edns = json_object(),
	       *probs = json_array();

	out_json_set(j, "server", json_string(s->label));
	out_json_set(j, "queries", json_integer(s->sent));
	out_json_set(j, "answered", json_integer(s->answered));
	out_json_set(j, "timeouts", json_integer(s->timeouts));
	out_json_set(j, "errors", json_integer(s->neterr));
	out_json_set(j, "servfail", json_integer(s->servfail));
	out_json_set(j, "refused", json_integer(s->refused));
	out_json_set(j, "other_rcode", json_integer(s->other_rcode));
	if (s->answered) {
		out_json_set(rtt, "min", out_json_ms(s->rtt.min_ms));
		out_json_set(rtt, "avg", out_json_ms(stats_mean_ms(&s->rtt)));
		out_json_set(rtt, "max", out_json_ms(s->rtt.max_ms));
		out_json_set(rtt, "stddev", out_json_ms(stats_stddev_ms(&s->rtt)));
		out_json_set(j, "rtt_ms", rtt);
	} else {
		json_decref(rtt);
		out_json_set(j, "rtt_ms", json_null());
	}
	out_json_set(j, "recursion", tri_json(s->ra));
	out_json_set(edns, "supported", tri_json(s->edns));
	out_json_set(edns, "udp_size", s->edns == CHK_YES ? json_integer(s->edns_size) : json_null());
	out_json_set(j, "edns", edns);
	out_json_set(j, "tcp", tri_json(s->tcp));
	out_json_set(j, "truncation", json_string(tc_word(s->tc)));
	out_json_set(j, "dnssec_validation", tri_json(s->ad));
	out_json_set(j, "nxdomain_ok", tri_json(s->nx_ok));
	out_json_set(j, "nxdomain_answer", s->nx_ok == CHK_NO ? json_string(s->nx_answer) : json_null());
	out_json_set(j, "nsid", s->nsid[0] ? json_string(s->nsid) : json_null());
	out_json_set(j, "ede", s->ede[0] ? json_string(s->ede) : json_null());
	out_json_set(j, "consistent", tri_json(s->consistent));
	for (size_t i = 0; i < p->n; i++)
		json_array_append_new(probs, json_string(p->text[i]));
	out_json_set(j, "problems", probs);
	out_json_set(j, "healthy", json_boolean(s->healthy));
	return j;
}

/* chk_report
 * Judge each server, then print the table and verdicts, or the JSON. */
int chk_report(struct chk_result *r, bool json)
{
	struct problems *probs = calloc(CHK_MAX_SERVERS, sizeof(*probs));
	bool all = r->n > 0;
	int rc;

	if (probs == NULL) {
		fprintf(stderr, "nslookup: out of memory\n");
		return 2;
	}
	mark_consistency(r);
	for (size_t i = 0; i < r->n; i++) {
		probs[i].n = 0;
		judge(r, &r->srv[i], &probs[i]);
		r->srv[i].healthy = probs[i].n == 0;
		all = all && r->srv[i].healthy;
	}
	if (json) {
		json_t *doc = json_object(), *servers = json_array();
		out_json_set(doc, "name", json_string(r->name));
		out_json_set(doc, "type", json_string(r->type));
		out_json_set(doc, "signed_name", json_string(r->signed_name));
		out_json_set(doc, "big_name", json_string(r->big_name));
		out_json_set(doc, "big_type", json_string(r->big_type));
		out_json_set(doc, "nxdomain_name", json_string(r->nx_name));
		out_json_set(doc, "queries_per_server", json_integer(r->count));
		out_json_set(doc, "timeout_ms", out_json_ms(r->timeout_ms));
		for (size_t i = 0; i < r->n; i++)
			json_array_append_new(servers, server_json(&r->srv[i], &probs[i]));
		out_json_set(doc, "servers", servers);
		out_json_set(doc, "healthy", json_boolean(all));
		out_json_set(doc, "elapsed_ms", out_json_ms(r->elapsed_ms));
		rc = !out_json_emit(stdout, doc, true) || !all;
		free(probs);
		return rc;
	}
	print_table(r);
	printf("\n");
	for (size_t i = 0; i < r->n; i++) {
		const struct chk_server *s = &r->srv[i];
		if (s->healthy) {
			printf("%s: ok\n", s->label);
			continue;
		}
		printf("%s: ", s->label);
		for (size_t k = 0; k < probs[i].n; k++)
			printf("%s%s", k ? "; " : "", probs[i].text[k]);
		printf("\n");
	}
	printf("%s in %.0f ms\n", all ? "all servers healthy" : "some servers have problems",
	       r->elapsed_ms);
	fflush(stdout);
	free(probs);
	return all ? 0 : 1;
}
