/* wire — big-endian fields of packets and messages, read and written in one place.
 *
 * Two ways to read. A parser that walks a message front to back (DNS, TCP options)
 * takes a struct wire_reader: each get checks the bytes are there, and a short message
 * sets `error` and reads as zeros from then on, so the parser tests once at the end
 * instead of before every field. A parser that has checked a header's length once and
 * then picks fields at fixed offsets (IP, ICMP) uses wire_be16()/wire_be32(). The
 * Internet checksum (ICMP, UDP, TCP) sums the same big-endian words: wire_sum_add(). */
#ifndef NETDX_WIRE_H
#define NETDX_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* A bounded cursor over len bytes at p; pos is the next byte to read. */
struct wire_reader {
	const uint8_t *p;
	size_t len;
	size_t pos;
	bool error; /* a get ran past len: every later get reads zeros */
};

/* wire_be16 / wire_be32
 * The big-endian value at p; the caller has checked the bytes are there. */
static inline uint16_t wire_be16(const uint8_t *p)
{
	return (uint16_t)((unsigned)p[0] << 8 | p[1]);
}

static inline uint32_t wire_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* wire_put16 / wire_put32
 * Store v big-endian at p. */
static inline void wire_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void wire_put32(uint8_t *p, uint32_t v)
{
	wire_put16(p, (uint16_t)(v >> 16));
	wire_put16(p + 2, (uint16_t)v);
}

/* wire_sum_add
 * The Internet checksum's one's-complement sum (RFC 1071) of len bytes, big-endian
 * 16-bit words with an odd last byte padded with zero, added to sum (0, or a pseudo
 * header's); not folded. A new word starts at p[0]: give regions of even length but
 * the last. */
static inline uint64_t wire_sum_add(uint64_t sum, const void *data, size_t len)
{
	const uint8_t *p = data;

	for (; len > 1; p += 2, len -= 2)
		sum += wire_be16(p);
	if (len == 1)
		sum += (uint64_t)p[0] << 8;
	return sum;
}

/* wire_sum_fold
 * A sum folded to 16 bits, not inverted: the checksum field holds its complement. */
static inline uint16_t wire_sum_fold(uint64_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

/* wire_reader_at
 * A reader over len bytes at p, starting at pos (a message's offset, so DNS name
 * pointers and the reader agree on positions). */
static inline struct wire_reader wire_reader_at(const void *p, size_t len, size_t pos)
{
	struct wire_reader r = {.p = p, .len = len, .pos = pos, .error = pos > len};

	return r;
}

/* wire_left
 * How many bytes are left to read (0 once an error is set). */
static inline size_t wire_left(const struct wire_reader *r)
{
	return r->error ? 0 : r->len - r->pos;
}

/* wire_take
 * The next n bytes, or NULL (and the error set) when fewer are left; a reader already
 * in error gives NULL even for n = 0, so an empty field read past the end is no
 * success. */
static inline const uint8_t *wire_take(struct wire_reader *r, size_t n)
{
	const uint8_t *at;

	if (r->error || wire_left(r) < n) {
		r->error = true;
		return NULL;
	}
	at = r->p + r->pos;
	r->pos += n;
	return at;
}

static inline uint8_t wire_get8(struct wire_reader *r)
{
	const uint8_t *at = wire_take(r, 1);

	return at ? at[0] : 0;
}

static inline uint16_t wire_get16(struct wire_reader *r)
{
	const uint8_t *at = wire_take(r, 2);

	return at ? wire_be16(at) : 0;
}

static inline uint32_t wire_get32(struct wire_reader *r)
{
	const uint8_t *at = wire_take(r, 4);

	return at ? wire_be32(at) : 0;
}

/* wire_get_bytes
 * Copy the next n bytes to dst; false (dst untouched) when fewer are left. */
static inline bool wire_get_bytes(struct wire_reader *r, void *dst, size_t n)
{
	const uint8_t *at = wire_take(r, n);

	if (at == NULL)
		return false;
	memcpy(dst, at, n);
	return true;
}

#endif
