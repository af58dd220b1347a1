/* hops_fixtures.h — feeding a struct hops in unit tests (test_hops.c,
 * test_hops_metrics.c): addresses from text, probes sent and answered at one TTL. */
#ifndef NETDX_TESTS_HOPS_FIXTURES_H
#define NETDX_TESTS_HOPS_FIXTURES_H

#include <stdbool.h>

#include "netdx/addr.h"
#include "netdx/hops.h"
#include "unit.h"

static inline struct netdx_addr ip(const char *text)
{
	struct netdx_addr a;
	CU_ASSERT_FATAL(addr_parse_literal(text, AF_UNSPEC, &a));
	return a;
}

/* feed_rtt
 * Send `sent` probes at ttl; the first `answered` of them are answered by from, the
 * i-th after rtt_ms + i * step_ms. */
static inline void feed_rtt(struct hops *h, int ttl, int sent, int answered, const char *from,
			    bool dest, double rtt_ms, double step_ms)
{
	struct netdx_addr a = ip(from);
	for (int i = 0; i < sent; i++) {
		hops_sent(h, ttl);
		if (i < answered)
			hops_answer(h, ttl, (uint64_t)i, &a, rtt_ms + step_ms * i, NULL, dest,
				    false);
	}
}

#endif
