/* probe_json.c — the engine's counters in JSON (see netdx/probe_json.h). */
#include "netdx/probe_json.h"

#include <stdlib.h>

#include "netdx/out.h"

void probe_json_dropped(json_t *obj, const struct probe_counters *pc)
{
	out_json_set(obj, "foreign", json_integer((json_int_t)pc->foreign));
	out_json_set(obj, "malformed", json_integer((json_int_t)pc->malformed));
}

json_t *probe_json_counters(const struct probe_counters *pc)
{
	json_t *k = json_object();
	if (!k)
		abort();
	out_json_set(k, "sent", json_integer((json_int_t)pc->sent));
	probe_json_dropped(k, pc);
	return k;
}
