/* dns_msg.c — parse whole messages, build queries (see netdx/dns_msg.h). */
#include "netdx/dns_msg.h"

#include <stdlib.h>
#include <string.h>

#include "netdx/dns_rdata.h"
#include "netdx/dns_type.h"
#include "netdx/wire.h"

/* dns_msg_free
 * Release a parsed message and everything it points to; NULL is fine. */
void dns_msg_free(struct dns_msg *msg)
{
	if (msg == NULL)
		return;
	free(msg->wire);
	free(msg->q);
	for (int s = DNS_S_ANSWER; s <= DNS_S_ADDITIONAL; s++)
		free(msg->rr[s]);
	free(msg->edns.opts);
	free(msg);
}

/* msg_parse_edns
 * Decode the OPT record rr into msg->edns; its options must fill its rdata. */
static enum dns_status msg_parse_edns(struct dns_msg *msg, const struct dns_rr *rr)
{
	struct dns_edns *e = &msg->edns;
	size_t end = rr->rdoff + rr->rdlen, n = 0;
	struct wire_reader r = wire_reader_at(msg->wire, end, rr->rdoff);

	if (e->present || rr->name.len != 1)
		return DNS_E_FORMERR;
	e->present = true;
	e->udp_size = rr->cls;
	e->ext_rcode = (uint8_t)(rr->ttl >> 24);
	e->version = (uint8_t)(rr->ttl >> 16);
	e->flags = (uint16_t)rr->ttl;
	e->do_bit = (rr->ttl & 0x8000) != 0;
	/* count the options (code, length, value) first; they must fill the rdata */
	for (; wire_left(&r) > 0; n++) {
		wire_get16(&r);
		wire_take(&r, wire_get16(&r));
	}
	if (r.error)
		return DNS_E_FORMERR;
	if (n > 0) {
		e->opts = calloc(n, sizeof(*e->opts));
		if (e->opts == NULL)
			return DNS_E_NOMEM;
	}
	for (r = wire_reader_at(msg->wire, end, rr->rdoff); e->n_opts < n; e->n_opts++) {
		struct dns_edns_opt *o = &e->opts[e->n_opts];
		o->code = wire_get16(&r);
		o->len = wire_get16(&r);
		o->off = r.pos;
		wire_take(&r, o->len);
	}
	return DNS_OK;
}

/* msg_parse_rr
 * One record at *pos (name, fixed fields, rdata checked against its type). */
static enum dns_status msg_parse_rr(const struct dns_msg *msg, size_t *pos, struct dns_rr *rr)
{
	enum dns_status st = dns_name_unpack(msg->wire, msg->len, pos, &rr->name);

	if (st != DNS_OK)
		return st;
	struct wire_reader r = wire_reader_at(msg->wire, msg->len, *pos);
	rr->type = wire_get16(&r);
	rr->cls = wire_get16(&r);
	rr->ttl = wire_get32(&r);
	rr->rdlen = wire_get16(&r);
	rr->rdoff = r.pos;
	wire_take(&r, rr->rdlen);
	if (r.error)
		return DNS_E_SHORT;
	*pos = r.pos;
	if (rr->type == 0)
		return DNS_E_FORMERR;
	if (rr->type == DNS_T_OPT)
		return DNS_OK;
	struct dns_rdata rd = {msg->wire, msg->len, rr->type, rr->cls, rr->rdoff, rr->rdlen};
	return dns_rdata_check(&rd);
}

/* msg_alloc_section
 * Room for count records, at most as many as could fit in the message. */
static enum dns_status msg_alloc_section(struct dns_msg *msg, int s, size_t count)
{
	size_t cap = msg->len / 11 + 1;

	if (count > cap)
		count = cap;
	if (count == 0)
		return DNS_OK;
	msg->rr[s] = calloc(count, sizeof(struct dns_rr));
	return msg->rr[s] ? DNS_OK : DNS_E_NOMEM;
}

/* msg_parse_body
 * Question and record sections after the header; stops quietly at a record boundary
 * when a truncated (TC) message runs out of bytes. */
static enum dns_status msg_parse_body(struct dns_msg *msg)
{
	size_t pos = DNS_HEADER_LEN;
	enum dns_status st;
	bool tc = (msg->flags & DNS_FLAG_TC) != 0;

	if (msg->counts[0] > 0) {
		size_t cap = msg->len / 5 + 1;
		msg->q = calloc(msg->counts[0] < cap ? msg->counts[0] : cap, sizeof(*msg->q));
		if (msg->q == NULL)
			return DNS_E_NOMEM;
	}
	for (unsigned i = 0; i < msg->counts[0]; i++) {
		struct dns_question q;
		size_t start = pos;
		st = dns_name_unpack(msg->wire, msg->len, &pos, &q.name);
		struct wire_reader r = wire_reader_at(msg->wire, msg->len, pos);
		q.type = wire_get16(&r);
		q.cls = wire_get16(&r);
		if (st == DNS_OK && r.error)
			st = DNS_E_SHORT;
		if (st != DNS_OK) {
			if (st == DNS_E_SHORT && tc && start == msg->len)
				goto partial;
			return st;
		}
		pos = r.pos;
		msg->q[msg->n_q++] = q;
	}
	for (int s = DNS_S_ANSWER; s <= DNS_S_ADDITIONAL; s++) {
		st = msg_alloc_section(msg, s, msg->counts[s]);
		if (st != DNS_OK)
			return st;
		for (unsigned i = 0; i < msg->counts[s]; i++) {
			struct dns_rr rr;
			size_t start = pos;
			st = msg_parse_rr(msg, &pos, &rr);
			if (st == DNS_E_SHORT && tc && start == msg->len)
				goto partial;
			if (st != DNS_OK)
				return st;
			if (rr.type == DNS_T_OPT) {
				if (s != DNS_S_ADDITIONAL)
					return DNS_E_FORMERR;
				st = msg_parse_edns(msg, &rr);
				if (st != DNS_OK)
					return st;
				continue;
			}
			msg->rr[s][msg->n[s]++] = rr;
		}
	}
	msg->trailing = msg->len - pos;
	return DNS_OK;
partial:
	msg->truncated_parse = true;
	return DNS_OK;
}

/* dns_msg_parse
 * Copy the bytes, read the header, then every section (goto fail frees it all). */
enum dns_status dns_msg_parse(const uint8_t *buf, size_t len, struct dns_msg **out)
{
	struct dns_msg *msg = NULL;
	enum dns_status st;

	if (out == NULL)
		return DNS_E_SHORT;
	*out = NULL;
	if (buf == NULL || len < DNS_HEADER_LEN)
		return DNS_E_SHORT;
	msg = calloc(1, sizeof(*msg));
	if (msg == NULL)
		return DNS_E_NOMEM;
	msg->wire = malloc(len);
	if (msg->wire == NULL) {
		st = DNS_E_NOMEM;
		goto fail;
	}
	memcpy(msg->wire, buf, len);
	msg->len = len;
	msg->id = wire_be16(buf);
	msg->flags = wire_be16(buf + 2);
	msg->opcode = (msg->flags >> 11) & 0x0f;
	for (int i = 0; i < 4; i++)
		msg->counts[i] = wire_be16(buf + 4 + 2 * i);
	st = msg_parse_body(msg);
	if (st != DNS_OK)
		goto fail;
	msg->rcode = (msg->flags & 0x0f) | ((unsigned)msg->edns.ext_rcode << 4);
	*out = msg;
	return DNS_OK;
fail:
	dns_msg_free(msg);
	return st;
}

/* msg_put_ixfr_soa
 * The authority SOA of an IXFR query at buf + *n: owner a pointer to the question's
 * name, empty names, the client's serial, zero timers. */
static enum dns_status msg_put_ixfr_soa(const struct dns_query_spec *spec, uint8_t *buf, size_t cap,
					size_t *n)
{
	const size_t rdlen = 2 + 20;

	if (cap - *n < 12 + rdlen)
		return DNS_E_NOSPACE;
	wire_put16(buf + *n, 0xc000 | DNS_HEADER_LEN);
	wire_put16(buf + *n + 2, DNS_T_SOA);
	wire_put16(buf + *n + 4, spec->cls);
	wire_put32(buf + *n + 6, 0);
	wire_put16(buf + *n + 10, (uint16_t)rdlen);
	memset(buf + *n + 12, 0, rdlen);
	wire_put32(buf + *n + 14, spec->ixfr_serial);
	*n += 12 + rdlen;
	wire_put16(buf + 8, 1);
	return DNS_OK;
}

/* dns_msg_build_query
 * Header, one question, an IXFR's SOA and an optional OPT record; only the SOA's
 * owner is compressed. */
enum dns_status dns_msg_build_query(const struct dns_query_spec *spec, uint8_t *buf, size_t cap,
				    size_t *len)
{
	uint16_t flags = 0;
	size_t n = DNS_HEADER_LEN;
	size_t opts_len =
		(spec->nsid ? 4 : 0) + (spec->padding ? 4 + (size_t)spec->padding_len : 0);
	size_t opt_len = spec->edns ? 11 + opts_len : 0;

	if (spec->name == NULL || cap < DNS_HEADER_LEN || opts_len > 0xffff)
		return DNS_E_NOSPACE;
	if (spec->rd)
		flags |= DNS_FLAG_RD;
	if (spec->cd)
		flags |= DNS_FLAG_CD;
	if (spec->ad)
		flags |= DNS_FLAG_AD;
	memset(buf, 0, DNS_HEADER_LEN);
	wire_put16(buf, spec->id);
	wire_put16(buf + 2, flags);
	wire_put16(buf + 4, 1);
	wire_put16(buf + 10, spec->edns ? 1 : 0);
	if (dns_name_pack(spec->name, buf, cap, &n) != DNS_OK || cap - n < 4 + opt_len)
		return DNS_E_NOSPACE;
	wire_put16(buf + n, spec->type);
	wire_put16(buf + n + 2, spec->cls);
	n += 4;
	if (spec->type == DNS_T_IXFR && msg_put_ixfr_soa(spec, buf, cap, &n) != DNS_OK)
		return DNS_E_NOSPACE;
	if (cap - n < opt_len)
		return DNS_E_NOSPACE;
	if (spec->edns) {
		buf[n] = 0; /* root owner */
		wire_put16(buf + n + 1, DNS_T_OPT);
		wire_put16(buf + n + 3, spec->udp_size);
		buf[n + 5] = 0; /* extended rcode */
		buf[n + 6] = 0; /* version */
		wire_put16(buf + n + 7, spec->do_bit ? 0x8000 : 0);
		wire_put16(buf + n + 9, (uint16_t)opts_len);
		n += 11;
		if (spec->nsid) {
			wire_put16(buf + n, 3); /* NSID, empty in a query */
			wire_put16(buf + n + 2, 0);
			n += 4;
		}
		if (spec->padding) {
			wire_put16(buf + n, 12); /* Padding */
			wire_put16(buf + n + 2, spec->padding_len);
			memset(buf + n + 4, 0, spec->padding_len);
			n += 4 + (size_t)spec->padding_len;
		}
	}
	*len = n;
	return DNS_OK;
}
