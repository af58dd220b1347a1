/* metrics_http — an exposition served over HTTP, as Prometheus scrapes an exporter:
 * GET (or HEAD) /metrics answers a fresh exposition that the tool builds when asked,
 * OpenMetrics 1.0 when the scraper's Accept header names application/openmetrics-text
 * (Prometheus asks so), else the text format 0.0.4; another path is 404, another
 * method 405. libmicrohttpd does the HTTP, in its external-epoll mode: no thread of
 * its own, its epoll descriptor watched by the tool's event loop (netdx/loop.h), run
 * when readable and when its timeout comes. So a scrape is served between two probes
 * and never holds one up, and the sandbox needs only accept and shutdown on top of
 * what every tool has (SANDBOX_LISTEN). A scraper that connects and says nothing is
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

/* Write the families of one exposition into m (initialised in the dialect asked for;
 * the server ends it). */
typedef void (*metrics_http_build)(void *arg, struct metrics *m);

struct metrics_http;

/* Serve /metrics on listen_fd (which it then owns) from the loop; NULL with errno set
 * if the server could not start. */
struct metrics_http *metrics_http_new(struct loop *loop, int listen_fd, metrics_http_build build,
				      void *arg);

/* Stop serving, close every connection and the listening socket. NULL is fine. */
void metrics_http_free(struct metrics_http *h);

#endif
