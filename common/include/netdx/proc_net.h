/* proc_net — what the kernel says about its network stack in /proc: the TcpExt
 * counters of /proc/net/netstat and the sysctls under /proc/sys/net. The parsers are
 * pure (text in, numbers out) and unit-tested; proc_net_read reads the small files. */
#ifndef NETDX_PROC_NET_H
#define NETDX_PROC_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "netdx/status.h"

/* Read all of a small /proc file into buf (NUL-terminated, at most len - 1 bytes).
 * NETDX_E_SYSTEM with *why (strerror) when it cannot be read or does not fit. */
enum netdx_status proc_net_read(const char *path, char *buf, size_t len, const char **why);

/* Open a /proc file to read it again later (proc_net_read_fd), before the sandbox,
 * which opens no file: a descriptor, or -1 with errno. */
int proc_net_open(const char *path);

/* The same as proc_net_read, from an open descriptor, from its start each time. */
enum netdx_status proc_net_read_fd(int fd, char *buf, size_t len, const char **why);

/* The value of counter name in the /proc/net/netstat text for group ("TcpExt",
 * "IpExt"): a header line "Group: names..." followed by "Group: values...". False when
 * the group or the name is missing or the value is not a number. */
bool proc_net_counter(const char *text, const char *group, const char *name, uint64_t *out);

/* The whitespace-separated integers of a sysctl file ("32768\t60999\n" for
 * ip_local_port_range) into vals; true when exactly n were there. */
bool proc_net_sysctl_parse(const char *text, long *vals, size_t n);

/* Read the sysctl at path (e.g. /proc/sys/net/core/somaxconn) into vals, n of them;
 * false when it is missing or not n integers. */
bool proc_net_sysctl(const char *path, long *vals, size_t n);

#endif
