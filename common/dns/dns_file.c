/* dns_file.c — bounded whole-file reads (see netdx/dns_file.h). */
#include "netdx/dns_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

/* dns_file_read
 * Open, read up to max bytes, close; a missing file is no file, not an error. */
enum dns_status dns_file_read(const char *path, size_t max, char **buf, size_t *len)
{
	*buf = NULL;
	*len = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? DNS_OK : DNS_E_IO;
	char *b = malloc(max ? max : 1);
	if (!b) {
		close(fd);
		return DNS_E_NOMEM;
	}
	size_t n = 0;
	while (n < max) {
		ssize_t r = read(fd, b + n, max - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			free(b);
			close(fd);
			errno = e;
			return DNS_E_IO;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	*buf = b;
	*len = n;
	return DNS_OK;
}
