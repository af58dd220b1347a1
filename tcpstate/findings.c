/* findings.c — the diagnoses in order (see findings.h), the helpers every finding file
 * uses (findings_kit.h), and finding 1: CLOSE_WAIT leaks. */
#include "findings_kit.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct ts_finding *ts_finding_new(struct ts_findings *out, const char *id)
{
	if (out->n == TS_FINDINGS_MAX)
		return NULL;
	struct ts_finding *f = &out->v[out->n++];
	*f = (struct ts_finding){.id = id};
	return f;
}

void ts_finding_fact(struct ts_finding *f, const char *name, long long value)
{
	if (value >= 0 && f->nfacts < TS_FACTS_MAX)
		f->facts[f->nfacts++] = (struct ts_fact){.name = name, .value = value};
}

void ts_finding_say(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, len, fmt, ap);
	va_end(ap);
}

void ts_finding_holder(const struct ts_entry *e, char *buf, size_t len)
{
	if (e->who.pid == 0)
		ts_finding_say(buf, len, "a process we cannot see (another user's: run as root)");
	else if (e->many_owners)
		ts_finding_say(buf, len, "several processes, among them %d/%s", e->who.pid,
			       e->who.comm);
	else
		ts_finding_say(buf, len, "%d/%s", e->who.pid, e->who.comm);
}

long long ts_finding_pid(const struct ts_entry *e)
{
	return e->who.pid ? e->who.pid : -1;
}

const struct ts_entry *ts_finding_top(const struct ts_table *t)
{
	const struct ts_entry *e;
	return ts_table_top(t, &e, 1) ? e : NULL;
}

/* close_wait_finding
 * One CLOSE_WAIT pile: on a local port (port > 0) or held by one process across ports. */
static void close_wait_finding(const struct ts_entry *e, int port, long min,
			       struct ts_findings *out)
{
	struct ts_finding *f = ts_finding_new(out, "close-wait");
	if (!f)
		return;
	char who[96], where[32] = "across many local ports";
	ts_finding_holder(e, who, sizeof(who));
	if (port)
		snprintf(where, sizeof(where), "on local port %d", port);
	ts_finding_say(f->summary, sizeof(f->summary),
		       "%u connections in CLOSE_WAIT %s, held by %s: their peers have closed and "
		       "the application has not called close() on them",
		       e->count, where, who);
	ts_finding_say(f->advice, sizeof(f->advice),
		       "fix the application to close() a socket once read() returns 0 (end of "
		       "stream), error paths included; they stay until it does or it exits "
		       "(restarting it frees them now)");
	ts_finding_fact(f, "close_wait", e->count);
	ts_finding_fact(f, "port", port ? port : -1);
	ts_finding_fact(f, "pid", ts_finding_pid(e));
	ts_finding_fact(f, "threshold", min);
}

/* close_wait_leaks
 * Finding 1: CLOSE_WAIT piling up on a local port (a server), or else in one process
 * over many ports (a client): the peer closed, the application never called close(). */
static void close_wait_leaks(const struct ts_census *c, const struct ts_thresholds *th,
			     struct ts_findings *out)
{
	const struct ts_entry *top[TS_FINDINGS_MAX];
	size_t n = ts_table_top(&c->ports[TCP_DIAG_CLOSE_WAIT], top, TS_FINDINGS_MAX);
	size_t found = 0;
	for (; found < n && top[found]->count >= th->close_wait_min; found++)
		close_wait_finding(top[found], top[found]->key.port, th->close_wait_min, out);
	if (found)
		return;
	n = ts_table_top(&c->holders[TCP_DIAG_CLOSE_WAIT], top, TS_FINDINGS_MAX);
	for (size_t i = 0; i < n && top[i]->count >= th->close_wait_min; i++)
		close_wait_finding(top[i], 0, th->close_wait_min, out);
}

/* append
 * More words at the end of a finding's summary. */
__attribute__((format(printf, 2, 3))) static void append(struct ts_finding *f, const char *fmt, ...)
{
	size_t len = strlen(f->summary);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(f->summary + len, sizeof(f->summary) - len, fmt, ap);
	va_end(ap);
}

void ts_findings_note_rising(struct ts_findings *fs, unsigned passes)
{
	for (size_t i = 0; i < fs->n; i++) {
		struct ts_finding *f = &fs->v[i];
		if (strcmp(f->id, "close-wait") != 0)
			continue;
		append(f, "; it grew in each of the last %u passes: it only grows", passes);
		ts_finding_fact(f, "growing_passes", passes);
	}
}

void ts_findings_note_overflows(struct ts_findings *fs, long long overflows, long long drops)
{
	for (size_t i = 0; i < fs->n; i++) {
		struct ts_finding *f = &fs->v[i];
		if (strcmp(f->id, "accept-queue-full") != 0 && strcmp(f->id, "syn-flood") != 0 &&
		    strcmp(f->id, "syn-recv") != 0)
			continue;
		append(f,
		       "; since the last pass ListenOverflows grew by %lld and ListenDrops by "
		       "%lld",
		       overflows, drops);
		ts_finding_fact(f, "ListenOverflows_added", overflows);
		ts_finding_fact(f, "ListenDrops_added", drops);
	}
}

void ts_findings_build(const struct ts_census *c, const struct ts_kernel *k,
		       const struct ts_thresholds *th, struct ts_findings *out)
{
	out->n = 0;
	close_wait_leaks(c, th, out);
	ts_find_handshakes(c, k, th, out);
	ts_find_closing(c, k, th, out);
	ts_find_idle(c, k, th, out);
}
