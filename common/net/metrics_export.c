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

void metrics_export_open(struct metrics_export *x, const struct metrics_export_opts *o,
			 struct loop *loop, metrics_http_build build, void *arg)
{
	*x = (struct metrics_export){.dirfd = -1};
	if (o->serve)
		open_server(x, o, loop, build, arg);
	if (!o->textfile)
		return;
	open_textfile(x, o->textfile);
	struct metrics m;
	metrics_init(&m, METRICS_PROMETHEUS);
	metrics_http_build_all(build, arg, &m);
	const char *why = "out of memory";
	if (!metrics_end(&m) || !metrics_write_atomic_at(&m, x->dirfd, x->name, &why))
		cli_die("--textfile", "%s: %s", o->textfile, why);
	metrics_free(&m);
}

unsigned metrics_export_needs(const struct metrics_export *x)
{
	return x->http ? SANDBOX_LISTEN : 0;
}

void metrics_export_write(struct metrics_export *x, metrics_http_build build, void *arg)
{
	if (x->dirfd < 0)
		return;
	struct metrics m;
	metrics_init(&m, METRICS_PROMETHEUS);
	metrics_http_build_all(build, arg, &m);
	const char *why = "out of memory";
	bool ok = metrics_end(&m) && metrics_write_atomic_at(&m, x->dirfd, x->name, &why);
	if (!ok && !x->failing)
		cli_error(x->name, "cannot write the textfile: %s", why);
	x->failing = !ok;
	metrics_free(&m);
}

void metrics_export_close(struct metrics_export *x)
{
	metrics_http_free(x->http);
	x->http = NULL;
	if (x->dirfd >= 0)
		close(x->dirfd);
	x->dirfd = -1;
}
