/* targets.c — what to ping: names and literals from the command line, CIDR blocks
 * expanded as fping -g does, and --targets files, each read and checked by
 * common/net/target_list.c and resolved here. A block is counted before it is expanded,
 * so a /8 is refused without allocating sixteen million entries. In a sweep a name
 * that does not resolve is kept as that target's result (fping reports it and pings
 * the rest); alone, it ends the run as in iputils. */
#include "ping.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "netdx/cli.h"
#include "netdx/target_list.h"
#include "netdx/wire.h"

/* targets_grow
 * Room for `more` further targets. */
static void targets_grow(struct ping_targets *t, size_t more)
{
	if (t->n + more <= t->cap)
		return;
	size_t cap = t->cap ? t->cap : 16;
	while (cap < t->n + more)
		cap *= 2;
	struct ping_target *v = realloc(t->v, cap * sizeof(*v));
	if (!v)
		cli_die(NULL, "out of memory for %zu targets", t->n + more);
	t->v = v;
	t->cap = cap;
}

/* targets_push
 * Append one address (name may be NULL: print the address). */
static void targets_push(struct ping_targets *t, const struct netdx_addr *a, const char *name)
{
	targets_grow(t, 1);
	t->v[t->n++] = (struct ping_target){
		.addr = *a,
		.name = name,
		.last_ttl = -1,
	};
	if (addr_family(a) == AF_INET)
		t->any4 = true;
	else
		t->any6 = true;
}

/* die_at
 * "ping: [WHERE: ]ARG: WHY" and exit 2; where names the line of a targets file. */
__attribute__((noreturn, format(printf, 3, 4))) static void
die_at(const char *where, const char *arg, const char *why_fmt, ...)
{
	char what[512], why[512];
	va_list ap;
	va_start(ap, why_fmt);
	vsnprintf(why, sizeof(why), why_fmt, ap);
	va_end(ap);
	if (where)
		snprintf(what, sizeof(what), "%s: %s", where, arg);
	else
		snprintf(what, sizeof(what), "%s", arg);
	cli_die(what, "%s", why);
}

/* too_many
 * The one refusal for a sweep that is too large. */
__attribute__((noreturn)) static void too_many(const struct ping_opts *o, const char *where,
					       const char *arg, uint64_t total)
{
	if (total == UINT64_MAX)
		die_at(where, arg,
		       "more targets than --max-targets %ld allows; raise "
		       "--max-targets to confirm a sweep that large",
		       o->max_targets);
	die_at(where, arg,
	       "%llu targets in all, more than --max-targets %ld; raise "
	       "--max-targets to confirm a sweep that large",
	       (unsigned long long)total, o->max_targets);
}

/* add_block
 * A CIDR block: check the family and the limit, then enumerate. */
static void add_block(const struct ping_opts *o, struct ping_targets *t,
		      const struct target_entry *e, const char *where)
{
	const struct addr_cidr *c = &e->block;
	int fam = addr_family(&c->base);
	if (o->family != AF_UNSPEC && fam != o->family)
		die_at(where, e->text, "not an %s block", o->family == AF_INET ? "IPv4" : "IPv6");
	if (c->count > (uint64_t)o->max_targets || t->n + c->count > (uint64_t)o->max_targets)
		too_many(o, where, e->text, c->count == UINT64_MAX ? c->count : t->n + c->count);
	targets_grow(t, (size_t)c->count);
	for (uint64_t i = 0; i < c->count; i++) {
		struct netdx_addr a;
		addr_cidr_host(c, i, &a);
		targets_push(t, &a, NULL);
	}
	t->multi = true;
}

/* where_text
 * "FILE line N" for a target read from a file, NULL for an argument. */
static const char *where_text(const char *file, unsigned long line, char *buf, size_t len)
{
	if (!file)
		return NULL;
	snprintf(buf, len, "%s line %lu", file, line);
	return buf;
}

/* add_unresolved
 * A sweep's name that did not resolve: remember it, in its place among the others. */
static void add_unresolved(struct ping_targets *t, const char *name, const char *file,
			   unsigned long line, const char *why)
{
	struct ping_unresolved *v = realloc(t->bad, (t->n_bad + 1) * sizeof(*v));
	if (!v)
		cli_die(NULL, "out of memory for %zu targets", t->n + t->n_bad + 1);
	t->bad = v;
	struct ping_unresolved *u = &t->bad[t->n_bad++];
	*u = (struct ping_unresolved){.name = name, .file = file, .line = line, .before = t->n};
	snprintf(u->why, sizeof(u->why), "%s", why);
}

/* add_host
 * A literal or a name: resolve it (a literal without any lookup) and append it under
 * name, a copy of its text that lives as long as the list. False when a sweep's name
 * did not resolve (it went into t->bad); a lone target that does not resolve ends the
 * run. */
static bool add_host(const struct ping_opts *o, struct ping_targets *t,
		     const struct target_entry *e, const char *name, const char *file,
		     unsigned long line)
{
	struct netdx_addr a;
	const char *why;
	bool first = t->n == 0;
	char *canon = first ? t->canon : NULL;
	char where[300];
	if (addr_resolve(e->text, o->family, &a, canon, canon ? sizeof(t->canon) : 0, &why) !=
	    NETDX_OK) {
		if (!t->multi)
			die_at(where_text(file, line, where, sizeof(where)), e->text, "%s", why);
		add_unresolved(t, name, file, line, why);
		return false;
	}
	if ((uint64_t)t->n + 1 > (uint64_t)o->max_targets)
		too_many(o, where_text(file, line, where, sizeof(where)), e->text,
			 (uint64_t)t->n + 1);
	if (first)
		t->literal = e->kind == TARGET_LITERAL;
	targets_push(t, &a, name);
	return true;
}

/* add_arg
 * One command-line argument into the list. */
static void add_arg(const struct ping_opts *o, struct ping_targets *t, const char *arg)
{
	struct target_entry e;
	struct target_error err;
	if (target_list_parse(arg, strlen(arg), &e, &err) != NETDX_OK)
		die_at(NULL, err.text, "%s", err.why);
	if (e.kind == TARGET_BLOCK)
		add_block(o, t, &e, NULL);
	else
		add_host(o, t, &e, arg, NULL, 0);
}

#define FPING_MAX_ADDRS 64 /* fping -m: addresses of one name at most */

/* add_every_address
 * fping -m: every address of a name (of -4's or -6's family), each a target under
 * the name; false when it has none. */
static bool add_every_address(const struct ping_opts *o, struct ping_targets *t, const char *name,
			      const char *file, unsigned long line)
{
	struct netdx_addr v[FPING_MAX_ADDRS];
	size_t n = 0, added = 0;
	const char *why;
	if (addr_resolve_all(name, v, FPING_MAX_ADDRS, &n, &why) != NETDX_OK) {
		add_unresolved(t, name, file, line, why);
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		if (o->family != AF_UNSPEC && addr_family(&v[i]) != o->family)
			continue;
		if ((uint64_t)t->n + 1 > (uint64_t)o->max_targets)
			too_many(o, NULL, name, (uint64_t)t->n + 1);
		targets_push(t, &v[i], name);
		added++;
	}
	if (!added)
		add_unresolved(t, name, file, line, "Address family for hostname not supported");
	return added > 0;
}

/* add_name
 * fping without -g: every argument is a host as given ("10.0.0.0/24" too: fping
 * looks it up as a name, and it does not resolve); -m: every address of it. */
static bool add_name(const struct ping_opts *o, struct ping_targets *t, const char *arg,
		     const char *file, unsigned long line)
{
	struct target_entry e = {.kind = TARGET_NAME, .text = arg, .len = strlen(arg)};
	if (addr_parse_literal(arg, o->family, &e.addr))
		e.kind = TARGET_LITERAL;
	if (o->fp.all && e.kind == TARGET_NAME)
		return add_every_address(o, t, arg, file, line);
	return add_host(o, t, &e, arg, file, line);
}

/* fping_bad_address
 * fping -g's words for an end of a range that is not an IPv4 address (exit 1). */
__attribute__((noreturn)) static void fping_bad_address(const char *s)
{
	cli_error(NULL, "can't parse address %s: Name or service not known", s);
	exit(CLI_EXIT_NOREPLY);
}

/* add_range
 * fping -g START END: every IPv4 address from START to END (none when END is below). */
static void add_range(const struct ping_opts *o, struct ping_targets *t, const char *from,
		      const char *to)
{
	struct target_entry e = {.kind = TARGET_BLOCK, .text = from, .len = strlen(from)};
	struct netdx_addr end;
	if (!addr_parse_literal(from, AF_INET, &e.block.base))
		fping_bad_address(from);
	if (!addr_parse_literal(to, AF_INET, &end))
		fping_bad_address(to);
	uint32_t a = wire_be32(addr_bytes(&e.block.base));
	uint32_t b = wire_be32(addr_bytes(&end));
	e.block.prefix = 32;
	e.block.count = b >= a ? (uint64_t)b - a + 1 : 0;
	add_block(o, t, &e, NULL);
}

/* add_fping_args
 * fping's arguments: names and literals, or with -g a CIDR block or a range. */
static void add_fping_args(const struct ping_opts *o, struct ping_targets *t)
{
	if (!o->fp.generate) {
		for (int i = 0; i < o->n_args; i++)
			add_name(o, t, o->args[i], NULL, 0);
	} else if (o->n_args == 2) {
		add_range(o, t, o->args[0], o->args[1]);
	} else {
		struct target_entry e = {.kind = TARGET_BLOCK, .text = o->args[0]};
		const char *why;
		if (addr_cidr_parse(o->args[0], &e.block, &why) != NETDX_OK) {
			cli_error(NULL, "can't parse address %s: %s", o->args[0], why);
			exit(CLI_EXIT_NOREPLY);
		}
		add_block(o, t, &e, NULL);
	}
}

/* add_file
 * Every target of a --targets file; names and literals keep a copy of their text. */
static void add_file(const struct ping_opts *o, struct ping_targets *t, const char *path)
{
	bool is_stdin = strcmp(path, "-") == 0;
	const char *label = is_stdin ? "stdin" : path;
	FILE *f = is_stdin ? stdin : fopen(path, "r");
	if (!f && o->fp.on) {
		cli_error("fopen ", "%s", strerror(errno)); /* fping's words and status 4 */
		exit(4);
	}
	if (!f)
		cli_die(path, "%s", strerror(errno));
	struct target_list l;
	struct target_entry e;
	struct target_error err;
	enum target_list_status st;
	char where[300];
	target_list_init(&l, f);
	while ((st = target_list_next(&l, &e, &err)) != TARGET_LIST_END) {
		if (st == TARGET_LIST_IO)
			cli_die(path, "read error: %s", strerror(errno));
		where_text(label, l.lines.line_no, where, sizeof(where));
		if (st == TARGET_LIST_BAD)
			die_at(where, err.text, "%s", err.why);
		if (e.kind == TARGET_BLOCK) {
			add_block(o, t, &e, where);
			continue;
		}
		char *keep = strdup(e.text);
		if (!keep)
			cli_die(NULL, "out of memory");
		size_t first = t->n;
		bool ok = o->fp.all && e.kind == TARGET_NAME
				  ? add_every_address(o, t, keep, label, l.lines.line_no)
				  : add_host(o, t, &e, keep, label, l.lines.line_no);
		if (ok)
			t->v[first].name_owned = true; /* the first of -m's addresses frees it */
		else
			t->bad[t->n_bad - 1].name_owned = true;
	}
	target_list_free(&l);
	if (!is_stdin)
		fclose(f);
}

/* targets_by_address
 * fping -A: print every target by its address, not by the name given (which stays:
 * -N's charts are named after it). */
static void targets_by_address(struct ping_targets *t)
{
	for (size_t i = 0; i < t->n; i++) {
		char num[ADDR_STRLEN];
		if (!t->v[i].name)
			continue;
		if (!(t->v[i].label = strdup(addr_to_str(&t->v[i].addr, num, sizeof(num)))))
			cli_die(NULL, "out of memory");
	}
}

/* ping_targets_build
 * The whole list: arguments first, then the --targets file. Several arguments or a
 * file make a sweep from the start, so that a name that does not resolve is a result. */
void ping_targets_build(const struct ping_opts *o, struct ping_targets *t)
{
	/* the exporter (--serve, --textfile) runs the sweep engine, even for one target */
	*t = (struct ping_targets){.multi = o->n_args > 1 || o->targets_file || o->serve ||
					    o->textfile || o->fp.on};
	if (o->fp.on)
		add_fping_args(o, t);
	else
		for (int i = 0; i < o->n_args; i++)
			add_arg(o, t, o->args[i]);
	if (o->targets_file)
		add_file(o, t, o->targets_file);
	if (o->fp.by_address)
		targets_by_address(t);
	if (t->n + t->n_bad == 0 && o->fp.on)
		exit(CLI_EXIT_NOREPLY); /* fping: nothing to ping, status 1 and no word */
	if (t->n + t->n_bad == 0)
		cli_die(o->targets_file, "no targets in it");
}

/* ping_targets_free
 * Release the list and the names read from a file. */
void ping_targets_free(struct ping_targets *t)
{
	for (size_t i = 0; i < t->n; i++) {
		if (t->v[i].name_owned)
			free((char *)t->v[i].name);
		free(t->v[i].label);
	}
	for (size_t i = 0; i < t->n_bad; i++)
		if (t->bad[i].name_owned)
			free((char *)t->bad[i].name);
	free(t->v);
	free(t->bad);
	*t = (struct ping_targets){0};
}

/* ping_unresolved_what
 * "[FILE line N: ]NAME", as the messages about targets name them. */
const char *ping_unresolved_what(const struct ping_unresolved *u, char *buf, size_t len)
{
	if (u->file)
		snprintf(buf, len, "%s line %lu: %s", u->file, u->line, u->name);
	else
		snprintf(buf, len, "%s", u->name);
	return buf;
}

/* ping_target_label
 * A target's name, or its address. */
const char *ping_target_label(const struct ping_target *t, char *buf, size_t len)
{
	if (t->label)
		return t->label;
	if (t->name)
		return t->name;
	return addr_to_str(&t->addr, buf, len);
}
