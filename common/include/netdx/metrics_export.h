/* metrics_export — an exporter's two outputs, for every tool that runs as one (ping,
 * mtr): --serve ADDR:PORT answers Prometheus' scrapes with a fresh exposition
 * (netdx/metrics_http.h, on the tool's own event loop), --textfile PATH writes one for
 * node_exporter's textfile collector, atomically, each cycle (the Prometheus text format
 * 0.0.4, which that collector reads), in parts between the loop's events as a scrape is. Both are opened before the lockdown: the listening
 * socket, and the file's directory, which the sandbox then lets the tool write in and
 * nowhere else (tool_lockdown_writing_or_die). */
#ifndef NETDX_METRICS_EXPORT_H
#define NETDX_METRICS_EXPORT_H

#include <stdbool.h>

#include "netdx/addr.h"
#include "netdx/loop.h"
#include "netdx/metrics.h"
#include "netdx/metrics_http.h"

/* The exporter's outputs. */
struct metrics_export {
	struct metrics_http *http; /* --serve, NULL: none */
	int dirfd;                 /* --textfile's directory, -1: none */
	char name[256];            /* the file's name in it */
	bool failing;              /* the last write failed (said once until one works) */
	struct loop *loop;         /* the textfile's parts are written between its events */
	metrics_http_build build;  /* the exposition, and its argument */
	void *arg;
	struct metrics_file file;    /* the textfile being written; file.fd -1: none */
	struct metrics part;         /* its current part */
	struct metrics_cursor where; /* and where the exposition has got to */
	struct loop_timer next;      /* the next part */
};

/* What to open: serve is --serve's text as given (NULL: no server) and listen its
 * address (addr_parse_listen); textfile --textfile's path (NULL: none). */
struct metrics_export_opts {
	const char *serve;
	const struct netdx_addr *listen;
	const char *textfile;
};

/* Open what o asks for, before the lockdown: the listening socket and the HTTP server on
 * loop (build makes each scrape's exposition), the textfile's directory, and a first
 * textfile. Any failure is one line and exit 2. */
void metrics_export_open(struct metrics_export *x, const struct metrics_export_opts *o,
			 struct loop *loop, metrics_http_build build, void *arg);

/* The sandbox's needs for them (SANDBOX_LISTEN with a server); the directory to write
 * in is x->dirfd (-1: none). */
unsigned metrics_export_needs(const struct metrics_export *x);

/* Write the textfile again (nothing without --textfile), in parts of about
 * METRICS_HTTP_PART_BYTES with the loop's events run between them, so a large exposition
 * does not hold up probing (a small one is written at once); renamed into place when
 * whole. While one is still being written another call does nothing. A failure is said
 * on stderr once, until a write works again. */
void metrics_export_write(struct metrics_export *x);

/* Write it whole, now (the last figures, after the loop): a write in parts is dropped. */
void metrics_export_write_now(struct metrics_export *x);

void metrics_export_close(struct metrics_export *x);

#endif
