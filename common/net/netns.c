/* netns.c — entering a named network namespace (see netdx/netns.h). */
#include "netdx/netns.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Where iproute2 keeps the named namespaces. */
#define NETNS_RUN_DIR "/run/netns"

/* name_ok
 * A file name of NETNS_RUN_DIR, nothing that would lead out of it. */
static bool name_ok(const char *name)
{
	return name[0] != '\0' && !strchr(name, '/') && strcmp(name, ".") != 0 &&
	       strcmp(name, "..") != 0 && strlen(name) < NAME_MAX;
}

enum netdx_status netns_enter(const char *name, const char **why)
{
	if (!name_ok(name))
		return status_fail(why, NETDX_E_INVALID, "not a namespace name");
	char path[sizeof(NETNS_RUN_DIR) + NAME_MAX + 1];
	snprintf(path, sizeof(path), "%s/%s", NETNS_RUN_DIR, name);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		return status_fail(why, NETDX_E_NONAME,
				   "no such network namespace (see ip netns list)");
	if (fd < 0)
		return status_fail(why, NETDX_E_SYSTEM, strerror(errno));
	int rc = setns(fd, CLONE_NEWNET);
	int saved = errno;
	close(fd);
	if (rc == 0)
		return NETDX_OK;
	if (saved == EPERM)
		return status_fail(why, NETDX_E_NOPRIV,
				   "entering a network namespace needs root or CAP_SYS_ADMIN");
	if (saved == EINVAL)
		return status_fail(why, NETDX_E_INVALID, "not a network namespace");
	return status_fail(why, NETDX_E_SYSTEM, strerror(saved));
}
