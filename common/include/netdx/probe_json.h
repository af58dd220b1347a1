/* probe_json — the probe engine's counters as the tools' JSON shows them (jansson). */
#ifndef NETDX_PROBE_JSON_H
#define NETDX_PROBE_JSON_H

#include <jansson.h>

#include "netdx/probe.h"

/* Add what the probe engine dropped to obj: "foreign" (well-formed, but no answer to
 * a probe of ours: forgeries, other programs' replies) and "malformed". */
void probe_json_dropped(json_t *obj, const struct probe_counters *pc);

/* The "counters" object of traceroute, mtr and pathping: {"sent", "foreign",
 * "malformed"}; a front-end may add its own keys after them. */
json_t *probe_json_counters(const struct probe_counters *pc);

#endif
