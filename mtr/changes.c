/* changes.c — mtr's path-change log (netdx/pathchange.h) as the reports show it: a
 * block under the text report, a JSON object, an OpenMetrics counter. */
#include <time.h>

#include "mtr.h"

bool mtr_changes_kept(const struct mtr_ctl *ctl)
{
	return ctl->rc.probe.method != PROBE_METHOD_UDP || ctl->rc.probe.paris;
}

/* clock_text
 * A change's time of day, local, HH:MM:SS. */
static const char *clock_text(double time_s, char *buf, size_t len)
{
	struct tm tm;
	time_t t = (time_t)time_s;
	/* localtime_r: localtime() reads the zone file again, which the sandbox refuses */
	strftime(buf, len, "%H:%M:%S", localtime_r(&t, &tm));
	return buf;
}

void mtr_changes_text(const struct pathchange *pc, FILE *out)
{
	char when[32], from[ADDR_STRLEN], to[ADDR_STRLEN];
	if (!pc->total)
		return;
	fprintf(out, "Path changes:\n");
	for (size_t i = 0; i < pc->n_log; i++) {
		const struct pathchange_entry *e = &pc->log[i];
		fprintf(out, "  %s %2d. %s -> %s\n", clock_text(e->time_s, when, sizeof(when)),
			e->ttl, addr_to_str(&e->from, from, sizeof(from)),
			addr_to_str(&e->to, to, sizeof(to)));
	}
	if (pc->total > pc->n_log)
		fprintf(out, "  ... and %llu more\n", (unsigned long long)(pc->total - pc->n_log));
}

const char *mtr_changes_latest(const struct pathchange *pc, char *buf, size_t len)
{
	char when[32], from[ADDR_STRLEN], to[ADDR_STRLEN];
	if (!pc->n_log)
		return NULL;
	const struct pathchange_entry *e = &pc->log[pc->n_log - 1];
	snprintf(buf, len, "Path changes: %llu, the latest %s hop %d: %s -> %s%s",
		 (unsigned long long)pc->total, clock_text(e->time_s, when, sizeof(when)), e->ttl,
		 addr_to_str(&e->from, from, sizeof(from)), addr_to_str(&e->to, to, sizeof(to)),
		 pc->total > pc->n_log ? " (later ones only counted)" : "");
	return buf;
}

json_t *mtr_changes_json(const struct pathchange *pc)
{
	char a[ADDR_STRLEN];
	json_t *o = json_object(), *log = json_array();
	out_json_set(o, "total", json_integer((json_int_t)pc->total));
	for (size_t i = 0; i < pc->n_log; i++) {
		const struct pathchange_entry *e = &pc->log[i];
		json_t *c = json_object();
		out_json_set(c, "time", json_real(e->time_s));
		out_json_set(c, "ttl", json_integer(e->ttl));
		out_json_set(c, "from", json_string(addr_to_str(&e->from, a, sizeof(a))));
		out_json_set(c, "to", json_string(addr_to_str(&e->to, a, sizeof(a))));
		json_array_append_new(log, c);
	}
	out_json_set(o, "log", log);
	return o;
}

void mtr_changes_metrics(const struct mtr_run *run, struct metrics *m)
{
	if (!mtr_changes_kept(&run->hosts[0])) /* the same options for every host */
		return;
	metrics_family(m, "netdx_path_changes", METRICS_COUNTER, NULL,
		       "Changes of the address answering at a hop");
	for (size_t i = 0; i < run->n; i++) {
		struct metrics_label l = {"target", run->hosts[i].target};
		metrics_sample(m, &l, 1, (double)run->hosts[i].changes->total);
	}
}
