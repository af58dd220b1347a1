/* zpages — zeroed memory whose pages arrive only as they are first touched.
 *
 * calloc clears what it hands out unless the block is big enough for mmap (128 KiB), so
 * a 20–80 KiB table of which a run uses a few entries (traceroute's hops and probes: a
 * path of 9 hops among 30) costs a page fault for every page of it at start-up. From
 * mmap, untouched pages cost nothing: for tables sized to a maximum and used sparsely.
 * Free with the size given to zpages_new. */
#ifndef NETDX_ZPAGES_H
#define NETDX_ZPAGES_H

#include <stddef.h>

/* n * size zeroed bytes (n * size > 0); NULL when memory is short or the product
 * overflows. */
void *zpages_new(size_t n, size_t size);

/* Free what zpages_new(n, size) returned (NULL is ignored). */
void zpages_free(void *p, size_t n, size_t size);

#endif
