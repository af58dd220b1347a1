/* check_tls.c — the checker's TLS context: made once, before any query, when a
 * server is measured over TLS; and --tls-ca / --insecure, which TLS and HTTPS share. */
#include "netdx/cli.h"
#include "netdx/dns_tls.h"
#include "check.h"

/* chk_tls_setup
 * The context (the system's CA store, --tls-ca's certificates, or no verification
 * with --insecure) given to every server; the options refused where they would do
 * nothing. */
void chk_tls_setup(struct chk_result *r, const bool xport[CHK_XPORTS],
		   const struct dns_tls_config *trust, struct dns_stream_layer *layer)
{
	const char *ca = trust->ca_file;
	char why[256];

	if (ca && trust->insecure)
		cli_die(NULL, "--check: options --tls-ca and --insecure do not go together");
	if (!xport[CHK_X_TLS] && !xport[CHK_X_HTTPS]) {
		if (ca || trust->insecure)
			cli_die(NULL,
				"--check: %s goes with TLS or HTTPS (--transport tls or https, a "
				"tls:// or https:// server)",
				ca ? "--tls-ca" : "--insecure");
		return;
	}
	r->tls_insecure = trust->insecure;
	if (!xport[CHK_X_TLS])
		return;
	if (!dns_tls_new(trust, layer, why, sizeof(why)))
		cli_die(ca ? "tls-ca" : "TLS", "%s", why);
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
