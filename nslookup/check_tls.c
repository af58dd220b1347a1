/* check_tls.c — the checker's TLS context: made once, before any query, when a
 * server is measured over TLS; and --tls-ca / --insecure, which only TLS uses. */
#include "netdx/cli.h"
#include "netdx/dns_tls.h"
#include "check.h"

/* chk_tls_setup
 * The context (the system's CA store, --tls-ca's certificates, or no verification
 * with --insecure) given to every server; the options refused where they would do
 * nothing. */
void chk_tls_setup(struct chk_result *r, bool tls, const char *ca, bool insecure,
		   struct dns_stream_layer *layer)
{
	struct dns_tls_config c = {.ca_file = ca, .insecure = insecure};
	char why[256];

	if (ca && insecure)
		cli_die(NULL, "--check: options --tls-ca and --insecure do not go together");
	if (!tls) {
		if (ca || insecure)
			cli_die(NULL,
				"--check: %s goes with TLS (--transport tls or a tls:// server)",
				ca ? "--tls-ca" : "--insecure");
		return;
	}
	if (!dns_tls_new(&c, layer, why, sizeof(why)))
		cli_die(ca ? "tls-ca" : "TLS", "%s", why);
	r->tls_insecure = insecure;
	for (size_t i = 0; i < r->n; i++)
		r->srv[i].tls.layer = layer;
}

/* chk_tls_free
 * The context goes, after the last query. */
void chk_tls_free(struct dns_stream_layer *layer)
{
	if (layer->ctx)
		dns_tls_free(layer);
}
