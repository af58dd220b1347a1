/* tcp_diag_bc.h — INET_DIAG bytecode for a tcp_diag_filter (private to tcp_diag.c). */
#ifndef NETDX_TCP_DIAG_BC_H
#define NETDX_TCP_DIAG_BC_H

#include <stddef.h>
#include <stdint.h>

#include "netdx/tcp_diag.h"

/* Longest bytecode: two port tests (8 bytes each), two address tests (28 each). */
#define TCP_DIAG_BC_MAX 72

/* Write the bytecode that accepts exactly the sockets f lets through into buf
 * (TCP_DIAG_BC_MAX bytes); its length, 0 when f asks for nothing (or is NULL). */
size_t tcp_diag_bc_build(const struct tcp_diag_filter *f, uint8_t *buf);

#endif
