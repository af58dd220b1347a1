/* quote.c — the quote checks' marker of a hop (netdx/quote_check.h), for the report,
 * the live view and the split view alike. */
#include "mtr.h"

const char *mtr_quote_mark(const struct mtr_ctl *ctl, const struct hops *hops, int ttl, char *buf,
			   size_t len)
{
	struct quote_path qp;
	quote_check_path(hops, hops_last_ttl(hops), (uint8_t)ctl->tos, &qp);
	quote_check_marker(&qp, ttl, buf, len);
	return buf;
}
