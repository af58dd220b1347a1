/* num — the few functions of <math.h> the tools need beyond what the compiler inlines,
 * written here so no tool loads libm: mapping libm cost ping 544 KiB of its resident
 * set (more than all of iputils ping's lead over it) and 15 page faults of start-up.
 * sqrt and fabs stay <math.h>'s: with -fno-math-errno (the Makefile) they are single
 * instructions. floor and ceil are here too: gcc inlines <math.h>'s, clang calls libm.
 *
 * Accuracy: num_log and num_exp within 2 ulp of the correctly rounded result over the
 * whole double range (tests/unit/test_num.c checks them against libm); num_round,
 * num_floor and num_ceil are exact. */
#ifndef NETDX_NUM_H
#define NETDX_NUM_H

/* Natural logarithm: x > 0 (0 gives -inf; a negative x or NaN, NaN). */
double num_log(double x);

/* e to the power x (overflow gives +inf, underflow 0). */
double num_exp(double x);

/* x rounded to the nearest integer, halfway cases away from zero (C's round()). */
double num_round(double x);

/* The largest integer not above x. */
double num_floor(double x);

/* The smallest integer not below x. */
double num_ceil(double x);

#endif
