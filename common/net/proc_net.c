/* proc_net.c — /proc/net/netstat counters and /proc/sys/net values (see netdx/proc_net.h). */
#include "netdx/proc_net.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int proc_net_open(const char *path)
{
	return open(path, O_RDONLY | O_CLOEXEC);
}

enum netdx_status proc_net_read_fd(int fd, char *buf, size_t len, const char **why)
{
	size_t used = 0;
	ssize_t n = 1;
	while (n > 0 && used + 1 < len) {
		n = pread(fd, buf + used, len - 1 - used, (off_t)used);
		if (n > 0)
			used += (size_t)n;
	}
	if (n < 0)
		return status_fail(why, NETDX_E_SYSTEM, strerror(errno));
	if (n > 0)
		return status_fail(why, NETDX_E_SYSTEM, strerror(EFBIG));
	buf[used] = '\0';
	return NETDX_OK;
}

enum netdx_status proc_net_read(const char *path, char *buf, size_t len, const char **why)
{
	int fd = proc_net_open(path);
	if (fd < 0)
		return status_fail(why, NETDX_E_SYSTEM, strerror(errno));
	enum netdx_status st = proc_net_read_fd(fd, buf, len, why);
	close(fd);
	return st;
}

/* group_line
 * The start of the next line of text that begins with "group:", or NULL. */
static const char *group_line(const char *text, const char *group)
{
	size_t glen = strlen(group);
	const char *p = text;
	while (p && *p) {
		if (strncmp(p, group, glen) == 0 && p[glen] == ':')
			return p + glen + 1;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return NULL;
}

/* field_index
 * Which space-separated field of the header line (up to its end) is name; -1 if none. */
static long field_index(const char *names, const char *name)
{
	size_t nlen = strlen(name);
	long i = 0;
	const char *p = names;
	while (*p && *p != '\n') {
		p += strspn(p, " ");
		size_t w = strcspn(p, " \n");
		if (w == nlen && strncmp(p, name, nlen) == 0)
			return i;
		if (w > 0)
			i++;
		p += w;
	}
	return -1;
}

bool proc_net_counter(const char *text, const char *group, const char *name, uint64_t *out)
{
	const char *names = group_line(text, group);
	const char *values = names ? group_line(names, group) : NULL;
	long want = names ? field_index(names, name) : -1;
	if (!values || want < 0)
		return false;
	const char *p = values;
	for (long i = 0; i < want && *p && *p != '\n'; i++) {
		p += strspn(p, " ");
		p += strcspn(p, " \n");
	}
	p += strspn(p, " ");
	if (*p < '0' || *p > '9')
		return false;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(p, &end, 10);
	if (errno || (*end != ' ' && *end != '\n' && *end != '\0'))
		return false;
	*out = v;
	return true;
}

bool proc_net_sysctl_parse(const char *text, long *vals, size_t n)
{
	const char *p = text;
	for (size_t i = 0; i < n; i++) {
		p += strspn(p, " \t\n");
		if (!((*p >= '0' && *p <= '9') || *p == '-'))
			return false;
		char *end;
		errno = 0;
		vals[i] = strtol(p, &end, 10);
		if (errno || end == p)
			return false;
		p = end;
	}
	p += strspn(p, " \t\n");
	return *p == '\0';
}

bool proc_net_sysctl(const char *path, long *vals, size_t n)
{
	char buf[256];
	return proc_net_read(path, buf, sizeof(buf), NULL) == NETDX_OK &&
	       proc_net_sysctl_parse(buf, vals, n);
}
