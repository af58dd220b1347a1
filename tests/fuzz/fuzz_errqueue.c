/* fuzz_errqueue.c — libFuzzer harness for the UDP/TCP error-queue path: an extended
 * error (type, code, info) and the data the kernel hands back, rebuilt into an ICMP
 * error by l4_errqueue_msg() and parsed. Any bytes must give a verdict, never a read
 * past the data, and a parsed quote must stay inside the rebuilt message.
 *
 * Input: byte 0 chooses the family (bit 0), the protocol (bits 1-2: UDP, TCP, SCTP, DCCP)
 * and whether a UDP header is put back (bit 3); bytes 1-2 are the ICMP type and code,
 * bytes 3-6 ee_info; the rest is the entry's data. Seeds: tests/fuzz/corpus/errqueue/
 * (lab-*: errors received in the lab as a UDP socket's error queue gives them, by
 * capture_corpus.sh). */
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../common/probe/probe_l4.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t protos[] = {IPPROTO_UDP, IPPROTO_TCP, IPPROTO_SCTP, IPPROTO_DCCP};
	static const uint8_t v4[4] = {10, 0, 1, 2}, v4d[4] = {10, 0, 4, 1};
	static const uint8_t v6[16] = {0xfd, [15] = 2}, v6d[16] = {0xfd, [15] = 1};
	if (size < 7)
		return 0;
	int family = data[0] & 1 ? AF_INET6 : AF_INET;
	struct netdx_addr src, dst;
	addr_from_bytes(&src, family, family == AF_INET ? v4 : v6);
	addr_from_bytes(&dst, family, family == AF_INET ? v4d : v6d);
	uint8_t udp_hdr[8] = {0x82, 0x9a, 0x82, 0x9a};
	struct l4_quote_hint hint = {
		.proto = protos[(data[0] >> 1) & 3],
		.src = &src,
		.dst = &dst,
		.l4 = data[0] & 8 ? udp_hdr : NULL,
		.l4_len = data[0] & 8 ? sizeof(udp_hdr) : 0,
		.sent_len = data[0] & 16 ? 0 : size - 7 + 8,
	};
	/* the entry's data in a buffer of its own size, so ASan sees any overread */
	size_t len = size - 7;
	uint8_t *copy = malloc(len ? len : 1);
	if (!copy)
		return 0;
	memcpy(copy, data + 7, len);
	struct sock_packet pkt = {
		.data = copy,
		.len = len,
		.ee_type = data[1],
		.ee_code = data[2],
		.ee_info = (uint32_t)data[3] << 24 | (uint32_t)data[4] << 16 |
			   (uint32_t)data[5] << 8 | data[6],
		.from = dst,
	};
	size_t cap = len + 128;
	uint8_t *buf = malloc(cap);
	struct icmp_msg msg;
	if (buf && l4_errqueue_msg(&pkt, family, &hint, buf, cap, &msg)) {
		const struct icmp_quote *q = &msg.quote;
		if (q->payload_len && (q->payload < buf || q->payload + q->payload_len > buf + cap))
			abort();
		volatile unsigned sink =
			q->sport + q->dport + q->tcp_seq + msg.mtu + (unsigned)msg.n_mpls;
		(void)sink;
	}
	free(buf);
	free(copy);
	return 0;
}
