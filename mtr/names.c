/* names.c — the hosts mtr traces: -F FILE's lines (read as ping --targets reads its
 * file, common/net/target_list.c), then the arguments, in that order, as mtr 0.95. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "netdx/cli.h"
#include "netdx/target_list.h"
#include "mtr.h"

void mtr_names_add(struct mtr_names *names, const char *name)
{
	if (names->n == MTR_MAX_HOSTS)
		cli_die("usage", "more than %d hosts", MTR_MAX_HOSTS);
	if (!names->name && !(names->name = calloc(MTR_MAX_HOSTS, sizeof(*names->name))))
		cli_die("memory", "%s", strerror(ENOMEM));
	if (!(names->name[names->n] = strdup(name)))
		cli_die("memory", "%s", strerror(ENOMEM));
	names->n++;
}

/* names_line
 * One target of the file: a host name or an address; a CIDR block is not a host. */
static void names_line(struct mtr_names *names, const char *path, unsigned long line,
		       const struct target_entry *e)
{
	if (e->kind != TARGET_BLOCK) {
		mtr_names_add(names, e->text);
		return;
	}
	char where[512];
	snprintf(where, sizeof(where), "%s line %lu", path, line);
	cli_error(where, "%s: a CIDR block, not a host", e->text);
	names->skipped++;
}

void mtr_names_read_file(struct mtr_names *names, const char *path)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	if (!f)
		cli_die(path, "%s", strerror(errno));
	struct target_list l;
	struct target_entry e;
	struct target_error err;
	enum target_list_status st;
	char where[512];
	target_list_init(&l, f);
	while ((st = target_list_next(&l, &e, &err)) != TARGET_LIST_END) {
		if (st == TARGET_LIST_IO)
			cli_die(path, "read error: %s", strerror(errno));
		if (st == TARGET_LIST_OK) {
			names_line(names, path, l.lines.line_no, &e);
			continue;
		}
		snprintf(where, sizeof(where), "%s line %lu", path, err.line);
		cli_error(where, "%s: %s", err.text, err.why);
		names->skipped++;
	}
	target_list_free(&l);
	if (f != stdin)
		fclose(f);
}

void mtr_names_free(struct mtr_names *names)
{
	for (size_t i = 0; i < names->n; i++)
		free(names->name[i]);
	free(names->name);
	*names = (struct mtr_names){0};
}
