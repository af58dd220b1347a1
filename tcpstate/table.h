/* table.h — counts by key in flat memory: a hash table of at most TS_TABLE_MAX keys, so
 * a census of any number of sockets holds no more than that. When a new key finds it
 * full, the rarer half of the keys (count at most the median) is dropped, in the manner
 * of a Misra-Gries summary: a key that holds a large share of the sockets outgrows the
 * median and stays, and a count is low by at most the table's undercount (the medians
 * dropped so far; 0 while nothing was dropped: the counts are then exact). */
#ifndef TCPSTATE_TABLE_H
#define TCPSTATE_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "netdx/sock_owner.h"

/* Most distinct keys one table holds. */
#define TS_TABLE_MAX 4096

/* The family of a key that stands for a process (its pid in addr), not an endpoint. */
#define TS_KEY_PROCESS 255

/* What is counted: an address, a port, or both (unused parts zero); or a process. */
struct ts_key {
	uint8_t family;   /* AF_INET, AF_INET6 or TS_KEY_PROCESS */
	uint8_t addr[16]; /* address bytes */
	uint16_t port;    /* port */
};

/* One key's count and who holds its sockets. */
struct ts_entry {
	struct ts_key key;     /* the key; family 0 marks a free slot */
	uint32_t count;        /* sockets */
	struct sock_owner who; /* the first owner seen (pid 0: none seen) */
	bool many_owners;      /* sockets of more than one process */
};

/* The table. */
struct ts_table {
	struct ts_entry *v;  /* slots, a power of two, at most half full */
	size_t cap, used;    /* slots and keys */
	uint64_t undercount; /* how much lower than the truth a count may be */
};

/* Count one socket of key k held by owner (NULL: unknown). False without memory. */
bool ts_table_add(struct ts_table *t, const struct ts_key *k, const struct sock_owner *owner);

/* How many distinct keys were counted: exact while nothing was dropped, else a lower
 * bound (more than TS_TABLE_MAX). */
size_t ts_table_distinct(const struct ts_table *t);

/* The n entries with the highest counts, highest first, into out; how many there were. */
size_t ts_table_top(const struct ts_table *t, const struct ts_entry **out, size_t n);

/* Free the slots. */
void ts_table_free(struct ts_table *t);

#endif
