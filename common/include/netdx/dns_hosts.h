/* dns_hosts — the hosts file (/etc/hosts) for reverse names, and where the system puts
 * it among its sources of host names (the "hosts:" line of /etc/nsswitch.conf).
 *
 * A reverse lookup in the hosts file answers as glibc's does: the first name of the
 * first line that lists the address. Lines are read as glibc reads them: "#" starts a
 * comment anywhere; a line whose first word is not an address in strict inet_pton
 * syntax (no IPv6 scope, no "10.1") is skipped; a line with an address and no name
 * names it "" (the file knows it: DNS is not asked next); an IPv6 line that is
 * v4-mapped ("::ffff:10.0.0.1"), or ::1, also names the IPv4 address (127.0.0.1 for
 * ::1); names of any length are kept, their control bytes shown as \DDD. Of
 * nsswitch.conf only the order of "files" and DNS ("dns", or systemd's "resolve") on
 * the hosts line is read; actions such as [NOTFOUND=return] are not. */
#ifndef NETDX_DNS_HOSTS_H
#define NETDX_DNS_HOSTS_H

#include <stddef.h>

#include "netdx/addr.h"
#include "netdx/dns_status.h"

#define DNS_HOSTS_PATH "/etc/hosts"
#define DNS_NSSWITCH_PATH "/etc/nsswitch.conf"
#define DNS_HOSTS_MAX_FILE (16u << 20) /* larger hosts files are read this far */

struct dns_hosts;

/* Parse the text of a hosts file (len bytes; a NUL ends it). Bad lines are skipped, as
 * glibc skips them. DNS_OK or DNS_E_NOMEM; *out is set only on DNS_OK. */
enum dns_status dns_hosts_parse(const char *text, size_t len, struct dns_hosts **out);

/* Read and parse a hosts file; a missing file is an empty table. DNS_E_IO (errno set)
 * when it cannot be read. */
enum dns_status dns_hosts_load(const char *path, struct dns_hosts **out);

void dns_hosts_free(struct dns_hosts *h);

/* The name the hosts file gives a ("" from a line without a name), or NULL when no
 * line lists a. */
const char *dns_hosts_name(const struct dns_hosts *h, const struct netdx_addr *a);

/* Entries kept. */
size_t dns_hosts_count(const struct dns_hosts *h);

/* Where the hosts file stands among the sources of host names. */
enum dns_hosts_order {
	DNS_HOSTS_FIRST,     /* files, then DNS (Debian's default, and no hosts line) */
	DNS_HOSTS_AFTER_DNS, /* DNS, then files */
	DNS_HOSTS_ONLY,      /* files, never DNS */
	DNS_HOSTS_NEVER,     /* DNS only */
};

/* The order the "hosts:" line of nsswitch.conf text gives (len bytes). Neither files
 * nor DNS listed: DNS_HOSTS_FIRST, the default. */
enum dns_hosts_order dns_hosts_order_parse(const char *text, size_t len);

/* The same from a file; a missing or unreadable file gives the default. */
enum dns_hosts_order dns_hosts_order_load(const char *path);

#endif
