/* dns_stream — a layer over a connected TCP socket that carries DNS messages in
 * something other than plain bytes (TLS, RFC 7858). dns_query reaches it only through
 * this table, so a tool that never asks over such a layer links none of its library.
 * Every call is non-blocking: a layer that needs the socket readable or writable says
 * so, and is called again when it is. */
#ifndef NETDX_DNS_STREAM_H
#define NETDX_DNS_STREAM_H

#include <stddef.h>
#include <stdint.h>

/* What a call of the layer came to. */
enum dns_stream_io {
	DNS_STREAM_OK,       /* done: the handshake, or some bytes read or written */
	DNS_STREAM_WANT_IN,  /* call again once the socket is readable */
	DNS_STREAM_WANT_OUT, /* ... writable */
	DNS_STREAM_EOF,      /* the peer closed the stream */
	DNS_STREAM_FAIL,     /* failed: error() says why */
};

/* A layer's calls. s is what open() returned. */
struct dns_stream_ops {
	/* a session on fd, connected; name: what the peer's certificate must name
	 * (NULL: its address). NULL when there is no memory. */
	void *(*open)(const void *ctx, int fd, const char *name);
	enum dns_stream_io (*handshake)(void *s);
	enum dns_stream_io (*write)(void *s, const uint8_t *buf, size_t len, size_t *done);
	enum dns_stream_io (*read)(void *s, uint8_t *buf, size_t cap, size_t *got);
	const char *(*error)(const void *s); /* the last failure, in words */
	void (*close)(void *s);              /* the session goes (the socket stays) */
};

/* A layer as a query is given it: the calls and their shared context. */
struct dns_stream_layer {
	const struct dns_stream_ops *ops;
	const void *ctx;
};

#endif
