/* flows.c — mtr --multipath: N flows, each its own rounds on a socket (and so a source
 * port) of its own with every probe on that one flow (Paris), so an ECMP router sends
 * each flow down one of its paths and each flow's rows show that path's loss and RTTs.
 * Flow 1 is the host's own hops and rounds (what every mode without flows reads); the
 * others live here, a calloc'd array of each host's own. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "netdx/cli.h"
#include "mtr.h"

int mtr_flow_count(const struct mtr_ctl *ctl)
{
	return ctl->n_flows > 0 ? ctl->n_flows : 1;
}

const struct hops *mtr_flow_hops(const struct mtr_ctl *ctl, int i)
{
	return i == 0 ? &ctl->hops : &ctl->flows[i - 1].hops;
}

const struct rounds *mtr_flow_rounds(const struct mtr_ctl *ctl, int i)
{
	return i == 0 ? ctl->rounds : ctl->flows[i - 1].rounds;
}

const struct pathchange *mtr_flow_changes(const struct mtr_ctl *ctl, int i)
{
	return i == 0 ? ctl->changes : ctl->flows[i - 1].changes;
}

void mtr_flow_answer(struct mtr_ctl *ctl, struct pathchange *changes,
		     const struct rounds_info *info)
{
	struct timespec now;
	if (info->new_responder && ctl->names)
		names_want(ctl->names, info->from);
	if (info->new_responder && ctl->asn && ctl->ipinfo >= 0) /* else y and z ask later */
		asn_want(ctl->asn, info->from);
	if (!mtr_changes_kept(ctl))
		return;
	clock_gettime(CLOCK_REALTIME, &now);
	pathchange_answer(changes, info->ttl, info->from, (double)now.tv_sec + now.tv_nsec / 1e9);
}

void mtr_flow_finished(struct mtr_ctl *ctl)
{
	if (--ctl->run->running == 0)
		loop_stop(ctl->loop);
}

/* on_flow
 * An event of a flow's rounds after the first: answers into its log, its end. */
static void on_flow(void *arg, enum rounds_event ev, const struct rounds_info *info)
{
	struct mtr_flow *f = arg;
	if (ev == ROUNDS_ANSWER)
		mtr_flow_answer(f->ctl, f->changes, info);
	if (ev == ROUNDS_FINISHED)
		mtr_flow_finished(f->ctl);
}

void mtr_flows_open(struct mtr_ctl *ctl, const char *method_opt)
{
	int n = mtr_flow_count(ctl) - 1;
	ctl->run->running += (size_t)n + 1;
	if (n == 0)
		return;
	if (!(ctl->flows = calloc((size_t)n, sizeof(*ctl->flows))))
		cli_die("memory", "%s", strerror(ENOMEM));
	for (int i = 0; i < n; i++) {
		struct mtr_flow *f = &ctl->flows[i];
		f->ctl = ctl;
		if (!(f->changes = pathchange_new(PATHCHANGE_CONFIRM)) ||
		    !hops_init(&f->hops, ctl->rc.first_ttl, ctl->rc.max_ttl))
			cli_die("memory", "%s", strerror(ENOMEM));
		f->rounds =
			path_setup_rounds(ctl->loop, &ctl->rc, method_opt, &f->hops, on_flow, f);
	}
}

void mtr_flows_start(struct mtr_ctl *ctl)
{
	for (int i = 0; i + 1 < mtr_flow_count(ctl); i++)
		rounds_start(ctl->flows[i].rounds);
}

void mtr_flows_stop(struct mtr_ctl *ctl)
{
	for (int i = 0; i + 1 < mtr_flow_count(ctl); i++)
		rounds_stop(ctl->flows[i].rounds);
}

unsigned mtr_flows_sandbox(const struct mtr_ctl *ctl)
{
	unsigned needs = 0;
	for (int i = 0; i + 1 < mtr_flow_count(ctl); i++)
		needs |= rounds_sandbox(ctl->flows[i].rounds);
	return needs;
}

void mtr_flows_free(struct mtr_ctl *ctl)
{
	for (int i = 0; ctl->flows && i + 1 < mtr_flow_count(ctl); i++) {
		rounds_free(ctl->flows[i].rounds);
		hops_free(&ctl->flows[i].hops);
		pathchange_free(ctl->flows[i].changes);
	}
	free(ctl->flows);
	ctl->flows = NULL;
}
