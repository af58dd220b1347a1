/* private_netns.h — for unit tests that must change network configuration: prove
 * we are in a throw-away namespace (tests/netns_run.sh), never the machine's own,
 * before running any ip(8) command. */
#ifndef NETDX_TESTS_PRIVATE_NETNS_H
#define NETDX_TESTS_PRIVATE_NETNS_H

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

/* The kernel's initial network namespace always has this inode (PROC_NET_INIT_INO). */
#define INIT_NET_INO 0xEFFFFFF9u

/* same_file
 * Do two stat results name the same namespace? */
static inline bool same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* made_by_ip_netns
 * Is ns one that `ip netns add` created (bind-mounted under /run/netns)? */
static inline bool made_by_ip_netns(const struct stat *ns)
{
	DIR *d = opendir("/run/netns");
	struct dirent *e;
	bool found = false;

	if (!d)
		return false;
	while (!found && (e = readdir(d))) {
		char path[300];
		struct stat st;
		snprintf(path, sizeof(path), "/run/netns/%s", e->d_name);
		found = e->d_name[0] != '.' && stat(path, &st) == 0 && same_file(&st, ns);
	}
	closedir(d);
	return found;
}

/* in_private_netns
 * True only when we are provably not in the machine's own namespace: not the kernel's
 * initial one, and different from PID 1's -- or, when PID 1's cannot be read (no
 * CAP_SYS_PTRACE over it, as in some containers), one that ip netns created. */
static inline bool unit_in_private_netns(void)
{
	struct stat self, init;

	if (stat("/proc/self/ns/net", &self) != 0 || self.st_ino == INIT_NET_INO)
		return false;
	if (stat("/proc/1/ns/net", &init) == 0)
		return !same_file(&self, &init);
	return made_by_ip_netns(&self);
}

/* unit_netns_setup
 * Run each command with system() once we know the namespace is private; false (with a
 * message naming prog) if it is not, or a command fails. */
static inline bool unit_netns_setup(const char *prog, const char *const *cmds, size_t n)
{
	if (!unit_in_private_netns()) {
		fprintf(stderr,
			"%s: refusing to change interfaces and routes: not provably in a "
			"private network namespace; run tests/netns_run.sh %s\n",
			prog, prog);
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		int rc = system(cmds[i]);
		if (rc != 0) {
			fprintf(stderr, "%s: setup failed (status %d): %s\n", prog, rc, cmds[i]);
			return false;
		}
	}
	return true;
}

#endif
