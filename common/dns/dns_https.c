/* dns_https.c — DNS over HTTPS through libcurl's multi interface on our loop (see
 * netdx/dns_https.h). */
#include "netdx/dns_https.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "curl_api.h"

#define BODY_MAX 65535         /* the largest DNS message */
#define CA_FILE_MAX (16 << 20) /* a CA bundle larger than this is not one */
#define DNS_MESSAGE "application/dns-message"

struct dns_https {
	struct loop *loop;
	struct curl_api api;
	CURLM *multi;
	struct loop_timer timer;      /* libcurl's one timeout */
	struct curl_slist *headers;   /* Content-Type and Accept */
	char *ca;                     /* the CA file's bytes (ca_file), else NULL */
	size_t ca_len;                /* their count */
	bool insecure;                /* no certificate or name check */
	struct dns_https_post *posts; /* those under way */
};

struct dns_https_post {
	struct dns_https *h;
	CURL *easy;
	struct curl_slist *resolve; /* "HOST:PORT:ADDRESS": the address asked */
	dns_https_cb cb;
	void *arg;
	uint8_t *body;             /* the answer's body so far */
	size_t len;                /* its length */
	bool too_long;             /* it went over BODY_MAX */
	char err[CURL_ERROR_SIZE]; /* libcurl's words for a failure */
	char why[CURL_ERROR_SIZE + 64];
	struct dns_https_post *next; /* in h->posts */
};

/* https_read_ca
 * The whole CA file into h->ca (libcurl is given the bytes: nothing is opened later). */
static bool https_read_ca(struct dns_https *h, const char *path)
{
	FILE *f = fopen(path, "re");
	size_t cap = 0;
	bool ok = f != NULL;

	while (ok && !feof(f) && h->ca_len < CA_FILE_MAX) {
		if (h->ca_len == cap) {
			char *b = realloc(h->ca, cap = cap ? cap * 2 : 65536);
			ok = b != NULL;
			if (b)
				h->ca = b;
		}
		if (ok)
			h->ca_len += fread(h->ca + h->ca_len, 1, cap - h->ca_len, f);
		ok = ok && !ferror(f);
	}
	if (ok && h->ca_len == 0) {
		errno = ENODATA;
		ok = false;
	}
	if (f)
		fclose(f);
	return ok;
}

static void https_on_fd(void *arg, int fd, uint32_t events);

/* https_on_socket
 * libcurl's CURLMOPT_SOCKETFUNCTION: watch a socket for what it waits on, or stop. */
static int https_on_socket(CURL *easy, curl_socket_t s, int what, void *userp, void *socketp)
{
	struct dns_https *h = userp;
	uint32_t ev = (what & CURL_POLL_IN ? LOOP_IN : 0) | (what & CURL_POLL_OUT ? LOOP_OUT : 0);
	(void)easy;
	(void)socketp;

	loop_del_fd(h->loop, s); /* the loop has no modify call; ENOENT when new */
	if (what == CURL_POLL_REMOVE)
		return 0;
	return loop_add_fd(h->loop, s, ev, https_on_fd, h) < 0 ? -1 : 0;
}

static void https_on_timer(void *arg);

/* https_on_timeout
 * libcurl's CURLMOPT_TIMERFUNCTION: its one deadline, run from the loop's timer. */
static int https_on_timeout(CURLM *multi, long ms, void *userp)
{
	struct dns_https *h = userp;
	(void)multi;

	if (ms < 0)
		loop_timer_disarm(h->loop, &h->timer);
	else
		loop_timer_arm(h->loop, &h->timer, loop_now_ns() + (uint64_t)ms * 1000000u,
			       https_on_timer, h);
	return 0;
}

/* https_judge
 * The words for a finished transfer that is no DNS answer; NULL when it is one. */
static const char *https_judge(struct dns_https_post *p, CURLcode rc)
{
	const struct curl_api *api = &p->h->api;
	long code = 0;
	char *type = NULL;

	if (p->too_long)
		return "answer body over 65535 bytes";
	if (rc != CURLE_OK) {
		snprintf(p->why, sizeof(p->why), "%s", p->err[0] ? p->err : api->easy_strerror(rc));
		return p->why;
	}
	api->easy_getinfo(p->easy, CURLINFO_RESPONSE_CODE, &code);
	api->easy_getinfo(p->easy, CURLINFO_CONTENT_TYPE, &type);
	if (code != 200) {
		snprintf(p->why, sizeof(p->why), "HTTP status %ld", code);
		return p->why;
	}
	if (type == NULL || strncasecmp(type, DNS_MESSAGE, strlen(DNS_MESSAGE)) != 0 ||
	    (type[strlen(DNS_MESSAGE)] != '\0' && type[strlen(DNS_MESSAGE)] != ';')) {
		snprintf(p->why, sizeof(p->why), "answer of type %.64s, not " DNS_MESSAGE,
			 type ? type : "(none)");
		return p->why;
	}
	return NULL;
}

/* https_unlink
 * Take p off its context's list and its transfer off the multi handle. */
static void https_unlink(struct dns_https_post *p)
{
	struct dns_https_post **at = &p->h->posts;

	while (*at != p)
		at = &(*at)->next;
	*at = p->next;
	p->h->api.multi_remove_handle(p->h->multi, p->easy);
	p->h->api.easy_cleanup(p->easy);
	p->h->api.slist_free_all(p->resolve);
}

/* https_finish
 * A transfer ended: judge it, let go of it, tell the caller. */
static void https_finish(struct dns_https_post *p, CURLcode rc)
{
	const char *why = https_judge(p, rc);
	long oserr = 0;

	if (why && rc != CURLE_OK)
		p->h->api.easy_getinfo(p->easy, CURLINFO_OS_ERRNO, &oserr);
	https_unlink(p);
	p->cb(p->arg, why ? DNS_HTTPS_FAILED : DNS_HTTPS_OK, p->body, p->len, why, (int)oserr);
	free(p->body);
	free(p);
}

/* https_collect
 * Every transfer libcurl says has ended. */
static void https_collect(struct dns_https *h)
{
	CURLMsg *m;
	int left;

	while ((m = h->api.multi_info_read(h->multi, &left)) != NULL) {
		struct dns_https_post *p = NULL;
		if (m->msg != CURLMSG_DONE)
			continue;
		h->api.easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&p);
		if (p)
			https_finish(p, m->data.result);
	}
}

/* https_on_fd
 * A socket of libcurl's is ready. */
static void https_on_fd(void *arg, int fd, uint32_t events)
{
	struct dns_https *h = arg;
	int mask = (events & LOOP_IN ? CURL_CSELECT_IN : 0) |
		   (events & LOOP_OUT ? CURL_CSELECT_OUT : 0) |
		   (events & (LOOP_ERR | LOOP_HUP) ? CURL_CSELECT_ERR : 0);
	int running;

	h->api.multi_socket_action(h->multi, fd, mask, &running);
	https_collect(h);
}

/* https_on_timer
 * libcurl's deadline came. */
static void https_on_timer(void *arg)
{
	struct dns_https *h = arg;
	int running;

	h->api.multi_socket_action(h->multi, CURL_SOCKET_TIMEOUT, 0, &running);
	https_collect(h);
}

/* https_setup
 * libcurl, its multi handle on our loop, the request headers. */
static bool https_setup(struct dns_https *h, const char **why)
{
	if (!curl_api_load(&h->api)) {
		*why = "cannot load libcurl (libcurl.so.4)";
		return false;
	}
	h->multi = h->api.multi_init();
	h->headers = h->api.slist_append(NULL, "Content-Type: " DNS_MESSAGE);
	if (h->headers && !h->api.slist_append(h->headers, "Accept: " DNS_MESSAGE)) {
		h->api.slist_free_all(h->headers);
		h->headers = NULL;
	}
	if (h->multi == NULL || h->headers == NULL) {
		*why = "cannot set up libcurl";
		errno = ENOMEM;
		return false;
	}
	h->api.multi_setopt(h->multi, CURLMOPT_SOCKETFUNCTION, https_on_socket);
	h->api.multi_setopt(h->multi, CURLMOPT_SOCKETDATA, h);
	h->api.multi_setopt(h->multi, CURLMOPT_TIMERFUNCTION, https_on_timeout);
	h->api.multi_setopt(h->multi, CURLMOPT_TIMERDATA, h);
	h->api.multi_setopt(h->multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
	return true;
}

/* dns_https_new
 * Read the CA file, load libcurl, set up the multi handle. */
struct dns_https *dns_https_new(struct loop *loop, const struct dns_tls_config *tls,
				const char **why)
{
	struct dns_https *h = calloc(1, sizeof(*h));

	if (h == NULL) {
		*why = "out of memory";
		return NULL;
	}
	h->loop = loop;
	h->insecure = tls->insecure;
	if (tls->ca_file && !https_read_ca(h, tls->ca_file)) {
		*why = "cannot read the CA file";
		dns_https_free(h);
		return NULL;
	}
	if (!https_setup(h, why)) {
		int e = errno;
		dns_https_free(h);
		errno = e;
		return NULL;
	}
	return h;
}

/* dns_https_free
 * Every post cancelled, then the multi handle and the context. */
void dns_https_free(struct dns_https *h)
{
	if (h == NULL)
		return;
	while (h->posts)
		dns_https_post_cancel(h->posts);
	if (h->multi)
		h->api.multi_cleanup(h->multi);
	if (h->headers)
		h->api.slist_free_all(h->headers);
	loop_timer_disarm(h->loop, &h->timer);
	free(h->ca);
	free(h);
}

/* https_on_body
 * libcurl's CURLOPT_WRITEFUNCTION: keep the body, up to BODY_MAX bytes. */
static size_t https_on_body(char *data, size_t size, size_t n, void *arg)
{
	struct dns_https_post *p = arg;
	size_t add = size * n;

	if (add > BODY_MAX - p->len) {
		p->too_long = true;
		return 0; /* libcurl ends the transfer */
	}
	uint8_t *b = realloc(p->body, p->len + add + 1);
	if (b == NULL)
		return 0;
	memcpy(b + p->len, data, add);
	p->body = b;
	p->len += add;
	return add;
}

/* https_pin
 * The address to connect to, as libcurl's CURLOPT_RESOLVE takes it (a literal host
 * needs none: libcurl looks no literal up). */
static bool https_pin(struct dns_https_post *p, const struct dns_https_url *url,
		      const struct netdx_addr *addr)
{
	char text[ADDR_STRLEN], line[DNS_HTTPS_HOST_MAX + ADDR_STRLEN + 16];
	struct netdx_addr lit;

	if (addr_parse_literal(url->host, AF_UNSPEC, &lit))
		return true;
	addr_to_str(addr, text, sizeof(text));
	snprintf(line, sizeof(line), "%s:%u:%s%s%s", url->host, url->port,
		 addr_family(addr) == AF_INET6 ? "[" : "", text,
		 addr_family(addr) == AF_INET6 ? "]" : "");
	p->resolve = p->h->api.slist_append(NULL, line);
	return p->resolve != NULL;
}

/* https_options
 * The transfer: a POST of msg over HTTP/2, only https, never a proxy, the checks. */
static void https_options(struct dns_https_post *p, const struct dns_https_url *url,
			  const uint8_t *msg, size_t len)
{
	const struct dns_https *h = p->h;
	CURL *e = p->easy;

	h->api.easy_setopt(e, CURLOPT_URL, url->text);
	h->api.easy_setopt(e, CURLOPT_PRIVATE, p);
	h->api.easy_setopt(e, CURLOPT_POSTFIELDS, msg);
	h->api.easy_setopt(e, CURLOPT_POSTFIELDSIZE, (long)len);
	h->api.easy_setopt(e, CURLOPT_HTTPHEADER, h->headers);
	h->api.easy_setopt(e, CURLOPT_WRITEFUNCTION, https_on_body);
	h->api.easy_setopt(e, CURLOPT_WRITEDATA, p);
	h->api.easy_setopt(e, CURLOPT_ERRORBUFFER, p->err);
	h->api.easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	h->api.easy_setopt(e, CURLOPT_PIPEWAIT, 1L);
	h->api.easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	h->api.easy_setopt(e, CURLOPT_PROTOCOLS_STR, "https");
	h->api.easy_setopt(e, CURLOPT_PROXY, ""); /* not https_proxy from the environment */
	h->api.easy_setopt(e, CURLOPT_RESOLVE, p->resolve);
	if (h->ca) {
		struct curl_blob blob = {h->ca, h->ca_len, CURL_BLOB_NOCOPY};
		h->api.easy_setopt(e, CURLOPT_CAINFO_BLOB, &blob);
		h->api.easy_setopt(e, CURLOPT_CAINFO, NULL);
		h->api.easy_setopt(e, CURLOPT_CAPATH, NULL);
	}
	h->api.easy_setopt(e, CURLOPT_SSL_VERIFYPEER, h->insecure ? 0L : 1L);
	h->api.easy_setopt(e, CURLOPT_SSL_VERIFYHOST, h->insecure ? 0L : 2L);
}

/* dns_https_post_start
 * A transfer set up and handed to the multi handle (which starts it from its timer). */
struct dns_https_post *dns_https_post_start(struct dns_https *h, const struct dns_https_url *url,
					    const struct netdx_addr *addr, const uint8_t *msg,
					    size_t len, dns_https_cb cb, void *arg)
{
	struct dns_https_post *p = calloc(1, sizeof(*p));

	if (p == NULL)
		return NULL;
	*p = (struct dns_https_post){.h = h, .cb = cb, .arg = arg, .easy = h->api.easy_init()};
	if (p->easy == NULL || !https_pin(p, url, addr)) {
		if (p->easy)
			h->api.easy_cleanup(p->easy);
		free(p);
		errno = ENOMEM;
		return NULL;
	}
	https_options(p, url, msg, len);
	p->next = h->posts;
	h->posts = p;
	if (h->api.multi_add_handle(h->multi, p->easy) != CURLM_OK) {
		https_unlink(p);
		free(p);
		errno = ENOMEM;
		return NULL;
	}
	return p;
}

/* dns_https_post_cancel
 * Off the multi handle (libcurl closes or keeps the connection), freed. */
void dns_https_post_cancel(struct dns_https_post *p)
{
	if (p == NULL)
		return;
	https_unlink(p);
	free(p->body);
	free(p);
}
