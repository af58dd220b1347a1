/* out — output helpers shared by the front-ends: JSON documents built with jansson
 * and written in one piece, and millisecond values as every tool prints them. */
#ifndef NETDX_OUT_H
#define NETDX_OUT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

/* A time in milliseconds as a JSON number rounded to the microsecond (3 decimals), so
 * JSON and text show the same figure. */
json_t *out_json_ms(double ms);

/* Write doc to f as one line (compact) or indented (pretty), then a newline, and
 * release it. Returns false if the write failed (e.g. a closed pipe). */
bool out_json_emit(FILE *f, json_t *doc, bool pretty);

/* Seed jansson's hash tables now (from /dev/urandom): its first object would read the
 * file then, inside a sandbox that refuses it, and fall back to a guessable seed. */
void out_json_seed(void);

/* Set key in obj to value, stealing the reference; a NULL value (allocation failure)
 * aborts: a half-written document is worse than none. */
void out_json_set(json_t *obj, const char *key, json_t *value);

#endif
