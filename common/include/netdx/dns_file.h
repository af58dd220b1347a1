/* dns_file — read a small configuration file (resolv.conf, hosts, nsswitch.conf) whole,
 * bounded in size, for the DNS library's parsers. */
#ifndef NETDX_DNS_FILE_H
#define NETDX_DNS_FILE_H

#include <stddef.h>

#include "netdx/dns_status.h"

/* Read at most max bytes of path into a new buffer (*buf, *len; the caller frees *buf).
 * A missing file is DNS_OK with *buf NULL and *len 0 (the callers' defaults apply); any
 * other failure is DNS_E_IO with errno set, or DNS_E_NOMEM. */
enum dns_status dns_file_read(const char *path, size_t max, char **buf, size_t *len);

#endif
