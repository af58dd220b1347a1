/* out.c — JSON and text output helpers (see netdx/out.h). */
#include "netdx/out.h"
#include "netdx/num.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/random.h>

json_t *out_json_ms(double ms)
{
	return json_real(num_round(ms * 1000.0) / 1000.0);
}

bool out_json_emit(FILE *f, json_t *doc, bool pretty)
{
	size_t flags = JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10) |
		       (pretty ? JSON_INDENT(2) : JSON_COMPACT);
	int rc = json_dumpf(doc, f, flags);
	json_decref(doc);
	if (rc < 0 || fputc('\n', f) == EOF)
		return false;
	return fflush(f) == 0;
}

void out_json_set(json_t *obj, const char *key, json_t *value)
{
	if (!value || json_object_set_new(obj, key, value) < 0)
		abort();
}

void out_json_seed(void)
{
	/* From getrandom: jansson's own (seed 0) opens and reads /dev/urandom at every start. */
	uint32_t seed = 0;
	if (getrandom(&seed, sizeof(seed), 0) != sizeof(seed))
		seed = 0; /* jansson's way then */
	json_object_seed(seed);
}
