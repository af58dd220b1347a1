/* metrics_http — an exposition served over HTTP, as Prometheus scrapes an exporter:
 * GET (or HEAD) /metrics answers a fresh exposition that the tool builds when asked,
 * OpenMetrics 1.0 when the scraper's Accept header names application/openmetrics-text
 * (Prometheus asks so), else the text format 0.0.4; another path is 404, another
 * method 405. libmicrohttpd does the HTTP, in its external-epoll mode: no thread of
 * its own, its epoll descriptor watched by the tool's event loop (netdx/loop.h), run
 * when readable and when its timeout comes. The body is built in parts as the
 * scraper's socket drains (chunked, each part about METRICS_HTTP_PART_BYTES of whole
 * lines, built when the one before is sent), so the loop runs probes between two parts
 * and a large exposition never holds them up for longer than one part takes to build;
 * figures may move between two parts of one scrape, as they do in any exporter whose
 * probes keep counting while it encodes. The sandbox needs only accept and shutdown on
 * top of what every tool has (SANDBOX_LISTEN). A scraper that connects and says nothing is
 * dropped after METRICS_HTTP_TIMEOUT_S; at most METRICS_HTTP_MAX_CONNECTIONS are open
 * at once, the rest refused. The listening socket comes from the caller, opened
 * before the sandbox (netdx/sock.h, sock_listen_tcp). */
#ifndef NETDX_METRICS_HTTP_H
#define NETDX_METRICS_HTTP_H

#include <stdbool.h>

#include "netdx/loop.h"
#include "netdx/metrics.h"

#define METRICS_HTTP_TIMEOUT_S 10        /* an idle or silent connection is closed */
#define METRICS_HTTP_MAX_CONNECTIONS 32u /* open at once */

#define METRICS_HTTP_PART_BYTES 65536u /* a part of a scrape's body, about */

/* Where one exposition has got to between its parts; zeroed (and part_bytes set) at
 * the start. family and item are the builder's own numbering: a tool with many series
 * walks them family-major (for each family, every target), as OpenMetrics wants each
 * family's samples together. */
struct metrics_cursor {
	size_t family;     /* the family being written */
	size_t item;       /* its next item (a target, a hop) */
	bool started;      /* that family's # HELP and # TYPE are written */
	size_t part_bytes; /* end a part once it has this many bytes; 0: write all at once */
};

/* Append the next part of an exposition to m (initialised in the dialect asked for),
 * from c on, and move c past it: whole items only, and a part ends once it has
 * c->part_bytes bytes. True when every family is written (the caller ends the
 * exposition); false when another call continues it. A small exposition may be
 * written whole at the first call, which then returns true. */
typedef bool (*metrics_http_build)(void *arg, struct metrics *m, struct metrics_cursor *c);

/* The whole exposition in m, in one go (a textfile, a report): build called until it is
 * done, without a bound on its parts. */
void metrics_http_build_all(metrics_http_build build, void *arg, struct metrics *m);

struct metrics_http;

/* Serve /metrics on listen_fd (which it then owns) from the loop; NULL with errno set
 * if the server could not start. */
struct metrics_http *metrics_http_new(struct loop *loop, int listen_fd, metrics_http_build build,
				      void *arg);

/* Stop serving, close every connection and the listening socket. NULL is fine. */
void metrics_http_free(struct metrics_http *h);

#endif
