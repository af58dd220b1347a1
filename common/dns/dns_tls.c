/* dns_tls.c — TLS sessions for DNS over TLS through OpenSSL, loaded when the first
 * context is made (tls_api.c; see netdx/dns_tls.h). */
#include "netdx/dns_tls.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "netdx/addr.h"
#include "tls_api.h"

/* A context: OpenSSL's calls and its SSL_CTX. */
struct tls_ctx {
	struct tls_api api;
	SSL_CTX *ctx;
};

/* One session: OpenSSL's, and the words of its last failure. */
struct tls_session {
	const struct tls_api *api;
	SSL *ssl;
	char error[160];
};

/* tls_name_to_check
 * The certificate must carry name (also sent as SNI), or the peer's address when
 * there is no name. False when OpenSSL refuses it. */
static bool tls_name_to_check(struct tls_session *s, int fd, const char *name)
{
	const struct tls_api *a = s->api;
	struct netdx_addr peer = {.len = sizeof(peer.ss)};
	char ip[ADDR_STRLEN];

	if (name != NULL && name[0] != '\0')
		return a->SSL_ctrl(s->ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
				   (void *)name) == 1 &&
		       a->SSL_set1_host(s->ssl, name) == 1;
	if (getpeername(fd, (struct sockaddr *)&peer.ss, &peer.len) < 0)
		return false;
	addr_to_str(&peer, ip, sizeof(ip));
	ip[strcspn(ip, "%")] = '\0'; /* a certificate names no IPv6 zone */
	return a->X509_VERIFY_PARAM_set1_ip_asc(a->SSL_get0_param(s->ssl), ip) == 1;
}

/* tls_open
 * A client session on fd. */
static void *tls_open(const void *ctx, int fd, const char *name)
{
	const struct tls_ctx *c = ctx;
	struct tls_session *s = calloc(1, sizeof(*s));

	if (s == NULL)
		return NULL;
	s->api = &c->api;
	s->ssl = c->api.SSL_new(c->ctx);
	if (s->ssl == NULL || !c->api.SSL_set_fd(s->ssl, fd)) {
		c->api.SSL_free(s->ssl);
		free(s);
		return NULL;
	}
	if (!tls_name_to_check(s, fd, name))
		snprintf(s->error, sizeof(s->error), "TLS: cannot set the name to verify");
	c->api.SSL_set_connect_state(s->ssl);
	return s;
}

/* tls_reason
 * An OpenSSL error in words: a system error's errno, else the library's reason. */
static const char *tls_reason(const struct tls_api *a, unsigned long e, const char *none)
{
	const char *r;

	if (e == 0)
		return none;
	if (ERR_SYSTEM_ERROR(e))
		return strerror(ERR_GET_REASON(e));
	r = a->ERR_reason_error_string(e);
	return r ? r : none;
}

/* tls_io
 * What an SSL call that returned rc came to; a failure's words are kept. */
static enum dns_stream_io tls_io(struct tls_session *s, int rc)
{
	const struct tls_api *a = s->api;
	int e = a->SSL_get_error(s->ssl, rc);
	long v = a->SSL_get_verify_result(s->ssl);
	unsigned long lib = a->ERR_peek_error();

	switch (e) {
	case SSL_ERROR_WANT_READ:
		return DNS_STREAM_WANT_IN;
	case SSL_ERROR_WANT_WRITE:
		return DNS_STREAM_WANT_OUT;
	case SSL_ERROR_ZERO_RETURN:
		return DNS_STREAM_EOF;
	case SSL_ERROR_SYSCALL:
		if (lib == 0 && errno == 0)
			return DNS_STREAM_EOF; /* closed without close_notify */
		snprintf(s->error, sizeof(s->error), "TLS: %s", strerror(errno));
		return DNS_STREAM_FAIL;
	default:
		break;
	}
	if (v != X509_V_OK)
		snprintf(s->error, sizeof(s->error), "TLS: certificate verify failed: %s",
			 a->X509_verify_cert_error_string(v));
	else
		snprintf(s->error, sizeof(s->error), "TLS: %s",
			 tls_reason(a, lib, "handshake failed"));
	return DNS_STREAM_FAIL;
}

/* tls_handshake
 * One step of the client's handshake. */
static enum dns_stream_io tls_handshake(void *arg)
{
	struct tls_session *s = arg;
	int rc;

	if (s->error[0] != '\0')
		return DNS_STREAM_FAIL; /* open could not set the name up */
	s->api->ERR_clear_error();
	errno = 0;
	rc = s->api->SSL_do_handshake(s->ssl);
	return rc == 1 ? DNS_STREAM_OK : tls_io(s, rc);
}

/* tls_write
 * Some of buf, encrypted. */
static enum dns_stream_io tls_write(void *arg, const uint8_t *buf, size_t len, size_t *done)
{
	struct tls_session *s = arg;

	s->api->ERR_clear_error();
	errno = 0;
	int rc = s->api->SSL_write_ex(s->ssl, buf, len, done);
	return rc == 1 ? DNS_STREAM_OK : tls_io(s, rc);
}

/* tls_read
 * Some decrypted bytes. */
static enum dns_stream_io tls_read(void *arg, uint8_t *buf, size_t cap, size_t *got)
{
	struct tls_session *s = arg;

	s->api->ERR_clear_error();
	errno = 0;
	int rc = s->api->SSL_read_ex(s->ssl, buf, cap, got);
	return rc == 1 ? DNS_STREAM_OK : tls_io(s, rc);
}

/* tls_error
 * The last failure's words. */
static const char *tls_error(const void *arg)
{
	const struct tls_session *s = arg;

	return s->error[0] ? s->error : "TLS: failed";
}

/* tls_close
 * The session goes; the caller closes the socket. */
static void tls_close(void *arg)
{
	struct tls_session *s = arg;

	s->api->SSL_free(s->ssl);
	free(s);
}

static const struct dns_stream_ops tls_ops = {
	tls_open, tls_handshake, tls_write, tls_read, tls_error, tls_close,
};

/* tls_system_cas
 * The system's CA file: OpenSSL's SSL_CERT_FILE when set (as every OpenSSL client,
 * dnspython's too, reads it), else its default (Debian: ca-certificates' bundle). */
static const char *tls_system_cas(const struct tls_api *a)
{
	const char *env = secure_getenv(a->X509_get_default_cert_file_env());

	return env && env[0] ? env : a->X509_get_default_cert_file();
}

/* tls_fail
 * The library's first error as a why, and false; the context goes. */
static bool tls_fail(struct tls_ctx *c, const char *what, char *why, size_t len)
{
	unsigned long e = c->api.ERR_get_error();

	snprintf(why, len, "%s: %s", what, tls_reason(&c->api, e, strerror(errno)));
	c->api.SSL_CTX_free(c->ctx);
	tls_api_unload(&c->api);
	free(c);
	return false;
}

/* dns_tls_new
 * OpenSSL loaded; TLS 1.2 at least; the CA certificates read now (a file, whole). */
bool dns_tls_new(const struct dns_tls_config *cfg, struct dns_stream_layer *out, char *why,
		 size_t len)
{
	struct tls_ctx *c = calloc(1, sizeof(*c));
	const char *dl = NULL;

	if (c == NULL || !tls_api_load(&c->api, &dl)) {
		snprintf(why, len, "TLS: %s", c ? dl : strerror(ENOMEM));
		free(c);
		return false;
	}
	const char *ca = cfg->ca_file ? cfg->ca_file : tls_system_cas(&c->api);
	c->api.ERR_clear_error();
	errno = 0;
	c->ctx = c->api.SSL_CTX_new(c->api.TLS_client_method());
	if (c->ctx == NULL ||
	    !c->api.SSL_CTX_ctrl(c->ctx, SSL_CTRL_SET_MIN_PROTO_VERSION, TLS1_2_VERSION, NULL))
		return tls_fail(c, "TLS", why, len);
	c->api.SSL_CTX_set_verify(c->ctx, cfg->insecure ? SSL_VERIFY_NONE : SSL_VERIFY_PEER, NULL);
	/* a write that must wait is retried from the same bytes, not the same buffer */
	c->api.SSL_CTX_ctrl(c->ctx, SSL_CTRL_MODE,
			    SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER,
			    NULL);
	if (!cfg->insecure && !c->api.SSL_CTX_load_verify_file(c->ctx, ca))
		return tls_fail(c, ca, why, len);
	*out = (struct dns_stream_layer){.ops = &tls_ops, .ctx = c};
	return true;
}

/* dns_tls_free
 * The context goes, and OpenSSL with it. */
void dns_tls_free(struct dns_stream_layer *l)
{
	struct tls_ctx *c = (struct tls_ctx *)l->ctx;

	if (c == NULL)
		return;
	c->api.SSL_CTX_free(c->ctx);
	tls_api_unload(&c->api);
	free(c);
	l->ctx = NULL;
}
