/* metrics_http.c — /metrics over libmicrohttpd on our event loop (see netdx/metrics_http.h). */
#include "netdx/metrics_http.h"

#include "mhd_api.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct metrics_http {
	struct loop *loop;        /* the tool's event loop */
	struct mhd_api mhd_api;   /* libmicrohttpd, loaded for this server */
	struct MHD_Daemon *mhd;   /* the HTTP server, run from the loop */
	int epoll_fd;             /* its epoll descriptor, watched by the loop */
	int listen_fd;            /* the listening socket (closed by us after MHD stops) */
	metrics_http_build build; /* the tool's exposition */
	void *arg;                /* its argument */
	struct loop_timer timer;  /* MHD's next timeout (idle connections) */
};

/* What MHD asks of a content reader at a time, at most (it fits the write buffer). */
#define METRICS_HTTP_BLOCK_BYTES 16384u

/* wants_openmetrics
 * Does the Accept header ask for OpenMetrics? Prometheus sends
 * "application/openmetrics-text;version=1.0.0,...;q=0.5,text/plain;version=0.0.4;q=0.2". */
static bool wants_openmetrics(const struct mhd_api *api, struct MHD_Connection *c)
{
	const char *accept =
		api->lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT);
	return accept && strstr(accept, "application/openmetrics-text");
}

/* reply_text
 * A short plain-text answer with a status (404, 405, 500), and Allow when given. */
static enum MHD_Result reply_text(const struct mhd_api *api, struct MHD_Connection *c,
				  unsigned status, const char *text, const char *allow)
{
	struct MHD_Response *r = api->create_response_from_buffer(strlen(text), (void *)text,
								  MHD_RESPMEM_PERSISTENT);
	if (!r)
		return MHD_NO;
	api->add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain; charset=utf-8");
	if (allow)
		api->add_response_header(r, MHD_HTTP_HEADER_ALLOW, allow);
	enum MHD_Result rc = api->queue_response(c, status, r);
	api->destroy_response(r);
	return rc;
}

/* One scrape's body being sent: the part built last and how much of it MHD has. */
struct scrape {
	struct metrics_http *h;
	struct metrics m;        /* the current part */
	struct metrics_cursor c; /* where the exposition has got to */
	size_t sent;             /* bytes of m handed to MHD */
	bool done;               /* m holds the last part, the exposition ended */
};

/* next_part
 * Build the next part in place of the one sent; false if memory ran out. */
static bool next_part(struct scrape *s)
{
	metrics_restart(&s->m);
	s->sent = 0;
	s->done = s->h->build(s->h->arg, &s->m, &s->c);
	if (s->done)
		metrics_end(&s->m);
	return !s->m.nomem;
}

/* read_body
 * MHD's content reader: the rest of the current part, up to max bytes; a new part only
 * when that one is all sent, so one call builds at most one part (a builder's part may
 * be empty: a family no target has; then the next). */
static ssize_t read_body(void *cls, uint64_t pos, char *buf, size_t max)
{
	(void)pos;
	struct scrape *s = cls;
	while (s->sent == s->m.len) {
		if (s->done)
			return MHD_CONTENT_READER_END_OF_STREAM;
		if (!next_part(s))
			return MHD_CONTENT_READER_END_WITH_ERROR; /* the scraper sees a cut body */
	}
	size_t n = s->m.len - s->sent < max ? s->m.len - s->sent : max;
	memcpy(buf, s->m.text + s->sent, n);
	s->sent += n;
	return (ssize_t)n;
}

/* free_scrape
 * MHD is done with the body: sent, or the scraper went away mid-way. */
static void free_scrape(void *cls)
{
	struct scrape *s = cls;
	metrics_free(&s->m);
	free(s);
}

/* reply_metrics
 * A fresh exposition in the dialect asked for, built part by part as it is sent. */
static enum MHD_Result reply_metrics(struct metrics_http *h, struct MHD_Connection *c)
{
	const struct mhd_api *api = &h->mhd_api;
	enum metrics_dialect d =
		wants_openmetrics(api, c) ? METRICS_OPENMETRICS : METRICS_PROMETHEUS;
	struct scrape *s = calloc(1, sizeof(*s));
	if (!s)
		return reply_text(api, c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory\n", NULL);
	s->h = h;
	s->c.part_bytes = METRICS_HTTP_PART_BYTES;
	metrics_init(&s->m, d);
	struct MHD_Response *r = api->create_response_from_callback(
		MHD_SIZE_UNKNOWN, METRICS_HTTP_BLOCK_BYTES, read_body, s, free_scrape);
	if (!r) {
		free_scrape(s);
		return MHD_NO;
	}
	api->add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, metrics_content_type(d));
	enum MHD_Result rc = api->queue_response(c, MHD_HTTP_OK, r);
	api->destroy_response(r); /* MHD keeps it until the body is sent; then free_scrape */
	return rc;
}

/* on_request
 * MHD's handler: one answer per request, on its first call (a body, if any, is not
 * read: nothing here takes one). */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_size, void **state)
{
	(void)version, (void)upload_data, (void)upload_size, (void)state;
	const struct mhd_api *api = &((struct metrics_http *)cls)->mhd_api;
	if (strcmp(url, "/metrics") != 0)
		return reply_text(api, c, MHD_HTTP_NOT_FOUND, "not found: try /metrics\n", NULL);
	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
		return reply_text(api, c, MHD_HTTP_METHOD_NOT_ALLOWED, "method not allowed\n",
				  "GET, HEAD");
	return reply_metrics(cls, c);
}

static void on_timer(void *arg);

/* run_mhd
 * Let MHD do what is ready (accept, read, answer, close idle connections), then wait
 * for its next timeout on the loop. */
static void run_mhd(struct metrics_http *h)
{
	h->mhd_api.run(h->mhd);
	MHD_UNSIGNED_LONG_LONG ms;
	if (h->mhd_api.get_timeout(h->mhd, &ms) == MHD_YES)
		loop_timer_arm(h->loop, &h->timer, loop_now_ns() + (uint64_t)ms * 1000000, on_timer,
			       h);
	else
		loop_timer_disarm(h->loop, &h->timer);
}

/* on_timer / on_ready
 * MHD's timeout came; its epoll descriptor is readable. */
static void on_timer(void *arg)
{
	run_mhd(arg);
}
static void on_ready(void *arg, int fd, uint32_t events)
{
	(void)fd, (void)events;
	run_mhd(arg);
}

/* metrics_http_new
 * Start the server on the listening socket and watch it from the loop. */
struct metrics_http *metrics_http_new(struct loop *loop, int listen_fd, metrics_http_build build,
				      void *arg)
{
	struct metrics_http *h = calloc(1, sizeof(*h));
	if (!h)
		return NULL;
	*h = (struct metrics_http){
		.loop = loop, .listen_fd = listen_fd, .build = build, .arg = arg, .epoll_fd = -1};
	if (!mhd_api_load(&h->mhd_api)) {
		metrics_http_free(h); /* closes the listening socket, as any failure here */
		errno = ENOENT;
		return NULL;
	}
	/* MHD_USE_EPOLL without a polling thread: external epoll, run by us. */
	h->mhd = h->mhd_api.start_daemon(
		MHD_USE_EPOLL, 0, NULL, NULL, on_request, h, MHD_OPTION_LISTEN_SOCKET, listen_fd,
		MHD_OPTION_CONNECTION_LIMIT, METRICS_HTTP_MAX_CONNECTIONS,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)METRICS_HTTP_TIMEOUT_S, MHD_OPTION_END);
	const union MHD_DaemonInfo *info =
		h->mhd ? h->mhd_api.get_daemon_info(h->mhd, MHD_DAEMON_INFO_EPOLL_FD) : NULL;
	if (!info) {
		int err = h->mhd ? EINVAL : errno ? errno : EINVAL;
		metrics_http_free(h);
		errno = err;
		return NULL;
	}
	h->epoll_fd = info->epoll_fd;
	if (loop_add_fd(loop, h->epoll_fd, LOOP_IN, on_ready, h) < 0) {
		int err = errno;
		h->epoll_fd = -1;
		metrics_http_free(h);
		errno = err;
		return NULL;
	}
	return h;
}

/* metrics_http_free
 * Stop it: connections, listener, the loop's watch. */
void metrics_http_free(struct metrics_http *h)
{
	if (!h)
		return;
	loop_timer_disarm(h->loop, &h->timer);
	if (h->epoll_fd >= 0)
		loop_del_fd(h->loop, h->epoll_fd);
	if (h->mhd) {
		h->mhd_api.quiesce_daemon(h->mhd);
		h->mhd_api.stop_daemon(h->mhd);
	}
	mhd_api_unload(&h->mhd_api);
	close(h->listen_fd);
	free(h);
}

/* metrics_http_build_all
 * Every part appended to m, without a bound. */
void metrics_http_build_all(metrics_http_build build, void *arg, struct metrics *m)
{
	struct metrics_cursor c = {0};
	while (!build(arg, m, &c))
		;
}
