/* fnames.c — fping -d / -n: targets shown by their reverse names, as fping's
 * getnameinfo() gives them, looked up through the common cache (the hosts file and
 * DNS, in nsswitch.conf's order) once the sandbox is entered and before the sweep
 * starts, so every line of the run already has its final label and padding. -d names
 * every target, -n only those given as addresses; a target without a name keeps the
 * text it was given; with -A the label is "name (address)", as fping's. */
#include "ping.h"

#include <stdlib.h>
#include <string.h>

#include "netdx/cli.h"
#include "netdx/names.h"

/* The lookups of one run. */
struct ping_fnames {
	struct names *names; /* the cache */
	struct loop *loop;   /* stopped when the last lookup ends */
};

/* fnames_ready
 * A lookup ended: once none is left, the loop may stop. */
static void fnames_ready(void *arg)
{
	struct ping_fnames *f = arg;
	if (names_pending(f->names) == 0)
		loop_stop(f->loop);
}

/* ping_fnames_open
 * The cache for -d / -n (NULL without them), made before the lockdown: it reads the
 * hosts file; *needs gets what its lookups need from the sandbox. */
struct ping_fnames *ping_fnames_open(const struct ping_opts *o, struct loop *loop, unsigned *needs)
{
	if (o->fp.rdns == FPING_RDNS_OFF)
		return NULL;
	struct ping_fnames *f = calloc(1, sizeof(*f));
	if (!f || !(f->names = names_new(loop, fnames_ready, f)))
		cli_die(NULL, "out of memory");
	f->loop = loop;
	*needs |= names_sandbox();
	return f;
}

/* wanted
 * Whether target t is shown by its name: -d every one, -n one given as an address. */
static bool wanted(const struct ping_opts *o, const struct ping_target *t)
{
	struct netdx_addr a;
	return o->fp.rdns == FPING_RDNS_ALL || !t->name ||
	       addr_parse_literal(t->name, AF_UNSPEC, &a);
}

/* relabel
 * Target t's label from its name (or the text given), with -A its address after. */
static void relabel(const struct ping_opts *o, struct ping_target *t, const char *name)
{
	char num[ADDR_STRLEN], text[2 * 1100];
	addr_to_str(&t->addr, num, sizeof(num));
	const char *shown = name && *name ? name : t->name ? t->name : num;
	if (o->fp.by_address)
		snprintf(text, sizeof(text), "%s (%s)", shown, num);
	else
		snprintf(text, sizeof(text), "%s", shown);
	free(t->label);
	if (!(t->label = strdup(text)))
		cli_die(NULL, "out of memory");
}

/* ping_fnames_apply
 * Look every target's name up (the loop runs until the last lookup ends), label the
 * targets with them, and free the cache. */
void ping_fnames_apply(struct ping_fnames *f, const struct ping_opts *o, struct ping_targets *t)
{
	if (!f)
		return;
	for (size_t i = 0; i < t->n; i++)
		if (wanted(o, &t->v[i]))
			names_want(f->names, &t->v[i].addr);
	if (names_pending(f->names))
		loop_run(f->loop);
	for (size_t i = 0; i < t->n; i++) {
		bool want = wanted(o, &t->v[i]);
		if (want || o->fp.by_address)
			relabel(o, &t->v[i], want ? names_get(f->names, &t->v[i].addr) : NULL);
	}
	names_free(f->names);
	free(f);
}
