/* dns_svcb — the SvcParams of SVCB and HTTPS records (RFC 9460): checked as BIND
 * checks them (keys ascending, mandatory keys present, alpn before no-default-alpn)
 * and printed as BIND prints them (mandatory=alpn,port alpn="h2,h3" port=8443 ...). */
#ifndef NETDX_DNS_SVCB_H
#define NETDX_DNS_SVCB_H

#include <stddef.h>
#include <stdint.h>

#include "netdx/dns_rdata.h"
#include "netdx/dns_status.h"
#include "netdx/dns_text.h"

/* Walk the params in p[0..len). text (when not NULL) gets " key=value" for each;
 * visit (when not NULL) a DNS_RDATA_TEXT per param, keyed by its name, with the
 * value's text. Returns DNS_E_BADRDATA for malformed params (then nothing was
 * printed or visited), DNS_OK otherwise. */
enum dns_status dns_svcb_params(const uint8_t *p, size_t len, struct dns_text *text,
				dns_rdata_visit_fn *visit, void *arg);

#endif
