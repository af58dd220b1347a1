/* status.c — failing the net, probe and path layers' way (see netdx/status.h). */
#include "netdx/status.h"

#include <stddef.h>

enum netdx_status status_fail(const char **why, enum netdx_status st, const char *text)
{
	if (why)
		*why = text;
	return st;
}
