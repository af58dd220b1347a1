/* metrics_export.c — an exporter's --serve and --textfile (see netdx/metrics_export.h);
 * moved here from ping/export.c when mtr became an exporter too. */
#include "netdx/metrics_export.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "netdx/cli.h"
#include "netdx/sandbox.h"
#include "netdx/sock.h"

#define EXPORT_BACKLOG 64 /* scrapers waiting to be accepted */

/* open_server
 * --serve: the listening socket, then the server on the loop. */
static void open_server(struct metrics_export *x, const struct metrics_export_opts *o,
			struct loop *loop, metrics_http_build build, void *arg)
{
	const char *why;
	int fd;
	char what[300];
	snprintf(what, sizeof(what), "--serve %s", o->serve);
	if (sock_listen_tcp(o->listen, EXPORT_BACKLOG, &fd, &why) != NETDX_OK)
		cli_die(what, "%s", why);
	x->http = metrics_http_new(loop, fd, build, arg);
	if (!x->http)
		cli_die(what, "HTTP server: %s", strerror(errno));
}

/* open_textfile
 * --textfile: its directory kept open (the sandbox allows writing through it only),
 * its name in there, and a first file, so a path that cannot be written is said now. */
static void open_textfile(struct metrics_export *x, const char *path)
{
	char what[4200];
	snprintf(what, sizeof(what), "--textfile %s", path);
	const char *slash = strrchr(path, '/');
	const char *name = slash ? slash + 1 : path;
	char dir[4096];
	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == path)
		snprintf(dir, sizeof(dir), "/");
	else
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	if (*name == '\0' || strlen(name) >= sizeof(x->name) - 32)
		cli_die(what, "want a file name (e.g. DIR/ping.prom)");
	snprintf(x->name, sizeof(x->name), "%s", name);
	x->dirfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (x->dirfd < 0)
		cli_die(what, "%s", strerror(errno));
}

/* write_begin
 * A new textfile opened (its temporary file) and the build started from the top. */
static bool write_begin(struct metrics_export *x, const char **why)
{
	if (!metrics_file_open(&x->file, x->dirfd, x->name, why))
		return false;
	x->part.nomem = false;
	x->where = (struct metrics_cursor){.part_bytes = METRICS_HTTP_PART_BYTES};
	return true;
}

/* write_step
 * The next part of the textfile appended: true while more is to come. At the end the
 * file is renamed into place, or removed on failure (*ok false, with *why). */
static bool write_step(struct metrics_export *x, bool *ok, const char **why)
{
	metrics_restart(&x->part);
	bool done = x->build(x->arg, &x->part, &x->where);
	if (done)
		metrics_end(&x->part);
	*why = "out of memory";
	*ok = !x->part.nomem && metrics_file_append(&x->file, &x->part, why);
	if (*ok && !done)
		return true;
	if (*ok)
		*ok = metrics_file_commit(&x->file, why);
	else
		metrics_file_abort(&x->file);
	return false;
}

/* write_all
 * The whole textfile now, part after part, without returning to the loop (the first one,
 * and the last at the end of a run). */
static bool write_all(struct metrics_export *x, const char **why)
{
	bool ok = false;
	if (!write_begin(x, why))
		return false;
	while (write_step(x, &ok, why))
		;
	return ok;
}

void metrics_export_open(struct metrics_export *x, const struct metrics_export_opts *o,
			 struct loop *loop, metrics_http_build build, void *arg)
{
	*x = (struct metrics_export){
		.dirfd = -1, .loop = loop, .build = build, .arg = arg, .file = {.fd = -1}};
	metrics_init(&x->part, METRICS_PROMETHEUS);
	if (o->serve)
		open_server(x, o, loop, build, arg);
	if (!o->textfile)
		return;
	open_textfile(x, o->textfile);
	const char *why;
	if (!write_all(x, &why))
		cli_die("--textfile", "%s: %s", o->textfile, why);
}

unsigned metrics_export_needs(const struct metrics_export *x)
{
	return x->http ? SANDBOX_LISTEN : 0;
}

/* written
 * A write ended: a failure said once, until one works again. */
static void written(struct metrics_export *x, bool ok, const char *why)
{
	if (!ok && !x->failing)
		cli_error(x->name, "cannot write the textfile: %s", why);
	x->failing = !ok;
}

/* write_part
 * The next part of the textfile being written; then the next one after the loop has run
 * what is ready (a timer due now). */
static void write_part(void *arg)
{
	struct metrics_export *x = arg;
	bool ok;
	const char *why;
	if (write_step(x, &ok, &why))
		loop_timer_arm(x->loop, &x->next, loop_now_ns(), write_part, x);
	else
		written(x, ok, why);
}

void metrics_export_write(struct metrics_export *x)
{
	if (x->dirfd < 0 || x->file.fd >= 0)
		return;
	const char *why;
	if (write_begin(x, &why))
		write_part(x);
	else
		written(x, false, why);
}

/* drop_part
 * Stop a write in parts, its temporary file removed. */
static void drop_part(struct metrics_export *x)
{
	if (x->dirfd < 0)
		return; /* none can have started (x may not even have been opened) */
	loop_timer_disarm(x->loop, &x->next);
	metrics_file_abort(&x->file);
}

void metrics_export_write_now(struct metrics_export *x)
{
	if (x->dirfd < 0)
		return;
	drop_part(x);
	const char *why;
	written(x, write_all(x, &why), why);
}

void metrics_export_close(struct metrics_export *x)
{
	drop_part(x);
	metrics_free(&x->part);
	metrics_http_free(x->http);
	x->http = NULL;
	if (x->dirfd >= 0)
		close(x->dirfd);
	x->dirfd = -1;
}
