/* sandbox_programs.h — the filters compiled when netdx was built (private to core/):
 * the table build-aux/sandbox_gen.c writes, one BPF program per profile (need bits |
 * SANDBOX_WRITING), with sentinels where the pid and the directory go. The library's
 * table holds every profile; a tool that never asks for the terminal, a listening
 * socket or a directory to write in links a table of its own first, with only the
 * profiles of files, sockets and routes (the Makefile's SANDBOX_LEAN_TOOLS); an entry
 * with no program is a profile its tool was built without. */
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
