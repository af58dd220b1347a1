/* sandbox_programs.h — the filters compiled when netdx was built (private to core/):
 * the table build-aux/sandbox_gen.c writes, one BPF program per profile (need bits |
 * SANDBOX_WRITING), with sentinels where the pid and the directory go. */
#ifndef NETDX_SANDBOX_PROGRAMS_H
#define NETDX_SANDBOX_PROGRAMS_H

#include "netdx/sandbox.h"

#include <linux/filter.h>

struct sandbox_program {
	unsigned short len;              /* instructions */
	const struct sock_filter *insns; /* the program */
};

extern const struct sandbox_program sandbox_programs[SANDBOX_PROFILES];

#endif
