/* fuzz_dns_msg.c — libFuzzer harness for the DNS message parser (dns_msg_parse) and
 * everything that reads a parsed message: every record's presentation text and fields,
 * EDNS options in words, names as text, and the answer matcher.
 *
 * Input: a whole DNS message as received. Invariants that abort (a crash for
 * libFuzzer): a failed parse leaves *out NULL; a parsed message's records and
 * options lie inside it; text of a record that passed the parse never fails (the
 * parse checked it). ASan/UBSan catch reads past the end and leaks. Seeds:
 * tests/fuzz/corpus/dns_msg/ (answers recorded from the lab's servers, lab-* by
 * capture_corpus.sh, and the malformed fixtures of the unit tests). */
#include "netdx/dns_edns.h"
#include "netdx/dns_msg.h"
#include "netdx/dns_query.h"
#include "netdx/dns_rdata.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Where reads end up, so the compiler cannot drop them. */
static volatile size_t sink;

/* require
 * Abort when an invariant does not hold. */
static void require(int ok)
{
	if (!ok)
		abort();
}

/* count_field
 * dns_rdata_walk's visitor: touch every key and text, so ASan sees them read. */
static void count_field(void *arg, const struct dns_rdata_field *f)
{
	(void)arg;
	sink += f->event + f->number + (f->key ? strlen(f->key) : 0) +
		(f->event == DNS_RDATA_TEXT ? strlen(f->text) : 0);
}

/* visit_rr
 * Text and typed fields of one record; its rdata lies inside the message. */
static void visit_rr(const struct dns_msg *m, const struct dns_rr *rr)
{
	struct dns_rdata rd = dns_rdata_of(m, rr);
	struct dns_text t;
	char name[DNS_NAME_MAXTEXT];

	require(rr->rdoff <= m->len && rr->rdlen <= m->len - rr->rdoff);
	dns_text_init(&t);
	require(dns_rdata_to_text(&rd, &t) == DNS_OK);
	sink += t.len;
	dns_text_free(&t);
	require(dns_rdata_walk(&rd, count_field, NULL) == DNS_OK);
	sink += dns_name_to_text(&rr->name, name, sizeof(name), true);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dns_msg *m = (struct dns_msg *)&sink;

	if (dns_msg_parse(data, size, &m) != DNS_OK) {
		require(m == NULL);
	} else {
		for (int s = DNS_S_ANSWER; s <= DNS_S_ADDITIONAL; s++)
			for (size_t i = 0; i < m->n[s]; i++)
				visit_rr(m, &m->rr[s][i]);
		for (size_t i = 0; i < m->edns.n_opts; i++) {
			const struct dns_edns_opt *o = &m->edns.opts[i];
			struct dns_text t;
			require(o->off <= m->len && o->len <= m->len - o->off);
			dns_text_init(&t);
			dns_edns_opt_text(m, o, &t);
			sink += t.len;
			dns_text_free(&t);
		}
		dns_msg_free(m);
	}
	/* the matcher takes the same bytes as a reply to "t.test. A IN", ID 0x1234 */
	static const struct dns_name tname = {8, {1, 't', 4, 't', 'e', 's', 't', 0}};
	struct dns_query_spec spec = {.id = 0x1234, .name = &tname, .type = 1, .cls = 1};
	struct netdx_addr server;
	struct dns_msg *out = NULL;
	enum dns_status st;
	struct dns_question got;
	addr_parse_literal("192.0.2.53", AF_INET, &server);
	if (dns_query_match(&spec, &server, &server, data, size, &out, &st, &got) == DNS_M_OK)
		require(out != NULL);
	else
		require(out == NULL);
	dns_msg_free(out);
	return 0;
}
