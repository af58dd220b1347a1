/* names.c — addresses as iputils' pr_addr() prints them: "name (address)", or the
 * address alone when nothing is looked up (-n, a numeric target). Names come from the
 * cache every tool names addresses with (netdx/names.h: the hosts file and DNS in the
 * order of nsswitch.conf's hosts line). iputils waits for each name (getnameinfo
 * blocks); here a line whose name is still being looked up waits, and so do the lines
 * after it, so the output keeps its order while the probes go on. */
#include "ping.h"

#include <stdlib.h>
#include <string.h>

#include "netdx/cli.h"
#include "netdx/names.h"

/* A line waiting for its address's name. */
struct ping_line {
	struct ping_line *next;  /* the next line to print */
	struct netdx_addr from;  /* the address it names (len 0: none) */
	ping_line_fn print;      /* prints it */
	struct netdx_addr *also; /* further addresses it names (their names too) */
	size_t n_also;           /* how many */
	unsigned char ctx[];     /* the print function's copy of its data */
};

struct ping_names {
	struct loop *loop;       /* for the wait at the end */
	struct names *cache;     /* NULL: nothing is looked up */
	struct ping_line *head;  /* lines waiting, oldest first */
	struct ping_line **tail; /* where the next one goes */
	bool draining;           /* ping_names_drain waits for the last names */
};

/* known
 * Whether the text of a can be written now. */
static bool known(const struct ping_names *n, const struct netdx_addr *a)
{
	return !a->len || !n->cache || names_get(n->cache, a);
}

/* known_all
 * Whether the line can go out: its address's name and those of the others it names. */
static bool known_all(const struct ping_names *n, const struct netdx_addr *from,
		      const struct netdx_addr *also, size_t n_also)
{
	if (!known(n, from))
		return false;
	for (size_t i = 0; i < n_also; i++)
		if (!known(n, &also[i]))
			return false;
	return true;
}

/* text_of
 * iputils' text of a: "name (addr)" (the address twice when it has no name, as
 * getnameinfo gives the number then), or the address alone without lookups. */
static const char *text_of(const struct ping_names *n, const struct netdx_addr *a, char *buf,
			   size_t len)
{
	char num[ADDR_STRLEN];
	if (!a->len)
		return "";
	addr_to_str(a, num, sizeof(num));
	const char *name = n->cache ? names_get(n->cache, a) : NULL;
	if (!n->cache)
		snprintf(buf, len, "%s", num);
	else
		snprintf(buf, len, "%s (%s)", name && name[0] ? name : num, num);
	return buf;
}

/* print_line
 * One line, its address's text as it stands. */
static void print_line(const struct ping_names *n, const struct netdx_addr *from,
		       ping_line_fn print, const void *ctx)
{
	char text[PING_NAME_TEXT];
	print(stdout, text_of(n, from, text, sizeof(text)), ctx);
}

/* flush_known
 * Print the waiting lines from the oldest while their names are known. */
static void flush_known(struct ping_names *n)
{
	bool printed = false;
	while (n->head && known_all(n, &n->head->from, n->head->also, n->head->n_also)) {
		struct ping_line *l = n->head;
		print_line(n, &l->from, l->print, l->ctx);
		n->head = l->next;
		free(l->also);
		free(l);
		printed = true;
	}
	if (!n->head)
		n->tail = &n->head;
	if (printed)
		fflush(stdout);
	if (!n->head && n->draining)
		loop_stop(n->loop);
}

/* on_name
 * A lookup ended: the lines waiting for it, and those behind them, may go out. */
static void on_name(void *arg)
{
	flush_known(arg);
}

/* ping_names_new
 * The lines' state; a name cache unless numeric. */
struct ping_names *ping_names_new(struct loop *loop, bool numeric)
{
	struct ping_names *n = calloc(1, sizeof(*n));
	if (!n)
		cli_die(NULL, "out of memory");
	n->loop = loop;
	n->tail = &n->head;
	if (!numeric && !(n->cache = names_new(loop, on_name, n)))
		cli_die(NULL, "out of memory");
	return n;
}

/* ping_names_free
 * Release it, lines not printed included. */
void ping_names_free(struct ping_names *n)
{
	if (!n)
		return;
	while (n->head) {
		struct ping_line *l = n->head;
		n->head = l->next;
		free(l->also);
		free(l);
	}
	names_free(n->cache);
	free(n);
}

/* ping_names_sandbox
 * DNS sockets when names are looked up. */
unsigned ping_names_sandbox(const struct ping_names *n)
{
	return n->cache ? names_sandbox() : 0;
}

/* ping_names_line
 * A line naming one address at most. */
void ping_names_line(struct ping_names *n, const struct netdx_addr *from, ping_line_fn print,
		     const void *ctx, size_t size)
{
	ping_names_line_also(n, from, NULL, 0, print, ctx, size);
}

/* ping_names_line_also
 * Print now when nothing waits and every name is known, else queue a copy. */
void ping_names_line_also(struct ping_names *n, const struct netdx_addr *from,
			  const struct netdx_addr *also, size_t n_also, ping_line_fn print,
			  const void *ctx, size_t size)
{
	static const struct netdx_addr none;
	if (!from)
		from = &none;
	if (n->cache) {
		if (from->len)
			names_want(n->cache, from);
		for (size_t i = 0; i < n_also; i++)
			if (also[i].len)
				names_want(n->cache, &also[i]);
	}
	if (!n->head && known_all(n, from, also, n_also)) {
		print_line(n, from, print, ctx);
		return;
	}
	struct ping_line *l = malloc(sizeof(*l) + size);
	if (!l)
		cli_die(NULL, "out of memory");
	*l = (struct ping_line){.from = *from, .print = print, .n_also = n_also};
	if (n_also) {
		if (!(l->also = malloc(n_also * sizeof(*also))))
			cli_die(NULL, "out of memory");
		memcpy(l->also, also, n_also * sizeof(*also));
	}
	memcpy(l->ctx, ctx, size);
	*n->tail = l;
	n->tail = &l->next;
}

/* ping_names_drain
 * The loop runs until the last waiting line is out (flush_known stops it). */
bool ping_names_drain(struct ping_names *n)
{
	if (n->head) {
		n->draining = true;
		loop_run(n->loop);
		n->draining = false;
	}
	return !n->head;
}

/* ping_names_give_up
 * Names still running are given up: every waiting line goes out. */
void ping_names_give_up(struct ping_names *n)
{
	for (struct ping_line *l = n->head; l; l = l->next) {
		if (l->from.len)
			names_give_up(n->cache, &l->from);
		for (size_t i = 0; i < l->n_also; i++)
			if (l->also[i].len)
				names_give_up(n->cache, &l->also[i]);
	}
	flush_known(n);
}

/* ping_names_text
 * text_of for a line's print function. */
const char *ping_names_text(const struct ping_names *n, const struct netdx_addr *a, char *buf,
			    size_t len)
{
	return text_of(n, a, buf, len);
}
