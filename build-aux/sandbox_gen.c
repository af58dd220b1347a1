/* sandbox_gen.c [NEEDS] — run when netdx is built: writes on standard output the C
 * source of the sandbox profiles' BPF programs (common/core/sandbox_programs.h's table),
 * as libseccomp compiles them (sandbox_export), so that no tool compiles one as it
 * starts. Every profile; or, given NEEDS (need bits, as strtoul reads them), only those
 * that need no more and do not write, the others left empty (a tool that can ask for no
 * other then carries 8 programs instead of 64: 10 KiB of data, not 84).
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

/* print_program
 * One profile's program, as an array named after it (a symbol per profile, which
 * tests/cli/test_binaries.sh counts in a tool). */
static void print_program(unsigned profile, const struct sock_filter *f, size_t n)
{
	printf("static const struct sock_filter sandbox_program_%02x[] = {\n", profile);
	for (size_t i = 0; i < n; i++)
		printf("\t{%#x, %u, %u, %#x},\n", f[i].code, f[i].jt, f[i].jf, f[i].k);
	printf("};\n\n");
}

/* parse_needs
 * The profiles to write: every one (no argument), or those within NEEDS; -1 if the
 * arguments are not that. */
static long parse_needs(int argc, char **argv)
{
	if (argc == 1)
		return SANDBOX_PROFILES - 1;
	char *end;
	unsigned long needs = strtoul(argv[1], &end, 0);
	if (argc > 2 || end == argv[1] || *end || needs > SANDBOX_NEEDS_ALL)
		return -1;
	return (long)needs;
}

int main(int argc, char **argv)
{
	static struct sock_filter f[MAX_INSNS];
	size_t len[SANDBOX_PROFILES] = {0};
	long only = parse_needs(argc, argv);
	if (only < 0) {
		fprintf(stderr, "usage: sandbox_gen [NEEDS]\n");
		return 2;
	}
	printf("/* Written by build-aux/sandbox_gen.c when netdx was built: do not edit. */\n"
	       "#include \"sandbox_programs.h\"\n\n");
	for (unsigned profile = 0; profile < SANDBOX_PROFILES; profile++) {
		if (profile & ~(unsigned long)only)
			continue;
		len[profile] = export_profile(profile, f);
		if (len[profile] == 0)
			return 1;
		print_program(profile, f, len[profile]);
	}
	printf("const struct sandbox_program sandbox_programs[SANDBOX_PROFILES] = {\n");
	for (unsigned profile = 0; profile < SANDBOX_PROFILES; profile++)
		if (len[profile])
			printf("\t[%#x] = {%zu, sandbox_program_%02x},\n", profile, len[profile],
			       profile);
	printf("};\n");
	return fflush(stdout) == 0 ? 0 : 1;
}
