/* quote_json — a hop's quote checks (netdx/quote_check.h) in the tools' JSON. */
#ifndef NETDX_QUOTE_JSON_H
#define NETDX_QUOTE_JSON_H

#include <jansson.h>

#include "netdx/hops.h"
#include "netdx/quote_check.h"

/* The "quote" object of hop ttl (every key always there, null where nothing was
 * checked): "nat" and "tos_changed", true at the hop the text marks; "tos_sent",
 * "tos_quoted" (the latest quote's, null without a router's IP header);
 * "checksums_checked" / "checksums_changed" and the latest changed one's
 * "checksum_quoted" / "checksum_sent"; "source_quoted" (the latest router's IP
 * header's) and "source_first" (the first such hop's: what we sent);
 * "sources_checked" / "sources_changed" against the address the error came to (IPv4)
 * and the latest changed one's "source_changed_quoted" / "source_changed_to". */
json_t *quote_json_hop(const struct hops *h, const struct quote_path *p, int ttl);

#endif
