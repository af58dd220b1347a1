/* dns_tls.c — TLS sessions for DNS over TLS through OpenSSL (see netdx/dns_tls.h). */
#include "netdx/dns_tls.h"

#include <errno.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "netdx/addr.h"

/* One session: OpenSSL's, and the words of its last failure. */
struct tls_session {
	SSL *ssl;
	char error[160];
};

/* tls_open
 * A client session on fd checking the certificate against name, or the peer's
 * address when there is no name. */
static void *tls_open(const void *ctx, int fd, const char *name)
{
	struct tls_session *s = calloc(1, sizeof(*s));
	struct netdx_addr peer = {.len = sizeof(peer.ss)};
	char ip[ADDR_STRLEN];
	int ok;

	if (s == NULL)
		return NULL;
	s->ssl = SSL_new((SSL_CTX *)ctx);
	if (s->ssl == NULL || !SSL_set_fd(s->ssl, fd)) {
		SSL_free(s->ssl);
		free(s);
		return NULL;
	}
	if (name != NULL && name[0] != '\0') {
		ok = SSL_set_tlsext_host_name(s->ssl, name) && SSL_set1_host(s->ssl, name);
	} else {
		ok = getpeername(fd, (struct sockaddr *)&peer.ss, &peer.len) == 0;
		addr_to_str(&peer, ip, sizeof(ip));
		ip[strcspn(ip, "%")] = '\0'; /* a certificate names no IPv6 zone */
		ok = ok && X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(s->ssl), ip);
	}
	if (!ok)
		snprintf(s->error, sizeof(s->error), "TLS: cannot set the name to verify");
	SSL_set_connect_state(s->ssl);
	return s;
}

/* tls_reason
 * An OpenSSL error in words: a system error's errno, else the library's reason. */
static const char *tls_reason(unsigned long e, const char *none)
{
	const char *r;

	if (e == 0)
		return none;
	if (ERR_SYSTEM_ERROR(e))
		return strerror(ERR_GET_REASON(e));
	r = ERR_reason_error_string(e);
	return r ? r : none;
}

/* tls_io
 * What an SSL call that returned rc came to; a failure's words are kept. */
static enum dns_stream_io tls_io(struct tls_session *s, int rc)
{
	int e = SSL_get_error(s->ssl, rc);
	long v = SSL_get_verify_result(s->ssl);
	unsigned long lib = ERR_peek_error();

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
			 X509_verify_cert_error_string(v));
	else
		snprintf(s->error, sizeof(s->error), "TLS: %s",
			 tls_reason(lib, "handshake failed"));
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
	ERR_clear_error();
	errno = 0;
	rc = SSL_do_handshake(s->ssl);
	return rc == 1 ? DNS_STREAM_OK : tls_io(s, rc);
}

/* tls_write
 * Some of buf, encrypted. */
static enum dns_stream_io tls_write(void *arg, const uint8_t *buf, size_t len, size_t *done)
{
	struct tls_session *s = arg;

	ERR_clear_error();
	errno = 0;
	int rc = SSL_write_ex(s->ssl, buf, len, done);
	return rc == 1 ? DNS_STREAM_OK : tls_io(s, rc);
}

/* tls_read
 * Some decrypted bytes. */
static enum dns_stream_io tls_read(void *arg, uint8_t *buf, size_t cap, size_t *got)
{
	struct tls_session *s = arg;

	ERR_clear_error();
	errno = 0;
	int rc = SSL_read_ex(s->ssl, buf, cap, got);
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

	SSL_free(s->ssl);
	free(s);
}

static const struct dns_stream_ops tls_ops = {
	tls_open, tls_handshake, tls_write, tls_read, tls_error, tls_close,
};

/* tls_fail
 * The library's first error as a why, and false. */
static bool tls_fail(SSL_CTX *ctx, const char *what, char *why, size_t len)
{
	unsigned long e = ERR_get_error();

	snprintf(why, len, "%s: %s", what, tls_reason(e, strerror(errno)));
	SSL_CTX_free(ctx);
	return false;
}

/* tls_system_cas
 * The system's CA file: OpenSSL's SSL_CERT_FILE when set (as every OpenSSL client,
 * dnspython's too, reads it), else its default (Debian: ca-certificates' bundle). */
static const char *tls_system_cas(void)
{
	const char *env = secure_getenv(X509_get_default_cert_file_env());

	return env && env[0] ? env : X509_get_default_cert_file();
}

/* dns_tls_new
 * TLS 1.2 at least; the CA certificates loaded now (a file is read whole). */
bool dns_tls_new(const struct dns_tls_config *c, struct dns_stream_layer *out, char *why,
		 size_t len)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
	const char *ca = c->ca_file ? c->ca_file : tls_system_cas();

	ERR_clear_error();
	errno = 0;
	if (ctx == NULL || !SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION))
		return tls_fail(ctx, "TLS", why, len);
	SSL_CTX_set_verify(ctx, c->insecure ? SSL_VERIFY_NONE : SSL_VERIFY_PEER, NULL);
	/* a write that must wait is retried from the same bytes, not the same buffer */
	SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
	if (!c->insecure && !SSL_CTX_load_verify_file(ctx, ca))
		return tls_fail(ctx, ca, why, len);
	*out = (struct dns_stream_layer){.ops = &tls_ops, .ctx = ctx};
	return true;
}

/* dns_tls_free
 * The context goes. */
void dns_tls_free(struct dns_stream_layer *l)
{
	SSL_CTX_free((SSL_CTX *)l->ctx);
	l->ctx = NULL;
}
