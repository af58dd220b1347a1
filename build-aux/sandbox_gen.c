/* sandbox_gen.c — run when netdx is built: writes on standard output the C source of
 * every sandbox profile's BPF program (common/core/sandbox_programs.h's table), as
 * libseccomp compiles them (sandbox_export), so that no tool compiles one as it starts.
 * Each program must hold the pid sentinel (the kill rule) and, if it writes, the
 * directory's; a program without them, or with a sentinel where something else is
 * compared, would be installed wrong: exit 1 with one line on stderr. */
#include "netdx/sandbox.h"

#include <linux/filter.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#define MAX_INSNS 4096 /* BPF_MAXINSNS */

/* count_k
 * How many instructions of f compare with k. */
static unsigned count_k(const struct sock_filter *f, size_t n, unsigned k)
{
	unsigned c = 0;
	for (size_t i = 0; i < n; i++)
		c += f[i].k == k;
	return c;
}

/* export_profile
 * The profile's program in f (at most MAX_INSNS); its length, or 0 after a line on
 * stderr. */
static size_t export_profile(unsigned profile, struct sock_filter *f)
{
	int fd = memfd_create("sandbox", 0);
	if (fd < 0 || !sandbox_export(profile, fd) || lseek(fd, 0, SEEK_SET) < 0) {
		perror("sandbox_gen: exporting a profile");
		return 0;
	}
	ssize_t got = read(fd, f, MAX_INSNS * sizeof(*f));
	close(fd);
	size_t n = got > 0 ? (size_t)got / sizeof(*f) : 0;
	unsigned pid = count_k(f, n, SANDBOX_PID_SENTINEL);
	unsigned dir = count_k(f, n, SANDBOX_DIRFD_SENTINEL);
	if (n == 0 || pid == 0 || (dir == 0) != !(profile & SANDBOX_WRITING)) {
		fprintf(stderr,
			"sandbox_gen: profile %#x: %zu instructions, %u pid and %u directory comparisons\n",
			profile, n, pid, dir);
		return 0;
	}
	return n;
}

int main(void)
{
	static struct sock_filter f[MAX_INSNS];
	printf("/* Written by build-aux/sandbox_gen.c when netdx was built: do not edit. */\n"
	       "#include \"sandbox_programs.h\"\n\n"
	       "const struct sandbox_program sandbox_programs[SANDBOX_PROFILES] = {\n");
	for (unsigned profile = 0; profile < SANDBOX_PROFILES; profile++) {
		size_t n = export_profile(profile, f);
		if (n == 0)
			return 1;
		printf("\t[%#x] = {%zu, (const struct sock_filter[]){\n", profile, n);
		for (size_t i = 0; i < n; i++)
			printf("\t\t{%#x, %u, %u, %#x},\n", f[i].code, f[i].jt, f[i].jf, f[i].k);
		printf("\t}},\n");
	}
	printf("};\n");
	return fflush(stdout) == 0 ? 0 : 1;
}
