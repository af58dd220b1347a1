/* tls_api.c — OpenSSL loaded on demand (see tls_api.h). */
#include "tls_api.h"

#include <dlfcn.h>
#include <string.h>

/* The soname Debian 12's libssl3 ships (the ABI of OpenSSL 3's headers). */
#define TLS_SONAME "libssl.so.3"

/* Each call's name and where its address goes. */
struct tls_symbol {
	const char *name;
	size_t offset; /* of its pointer in struct tls_api */
};

#define TLS_SYMBOL(name)                                                                           \
	{                                                                                          \
#name, offsetof(struct tls_api, name)                                              \
	}
/* clang-format off */
static const struct tls_symbol tls_symbols[] = {
	TLS_SYMBOL(TLS_client_method), TLS_SYMBOL(SSL_CTX_new), TLS_SYMBOL(SSL_CTX_free),
	TLS_SYMBOL(SSL_CTX_ctrl), TLS_SYMBOL(SSL_CTX_set_verify),
	TLS_SYMBOL(SSL_CTX_load_verify_file), TLS_SYMBOL(SSL_new), TLS_SYMBOL(SSL_free),
	TLS_SYMBOL(SSL_set_fd), TLS_SYMBOL(SSL_ctrl), TLS_SYMBOL(SSL_set1_host),
	TLS_SYMBOL(SSL_get0_param), TLS_SYMBOL(SSL_set_connect_state),
	TLS_SYMBOL(SSL_do_handshake), TLS_SYMBOL(SSL_write_ex), TLS_SYMBOL(SSL_read_ex),
	TLS_SYMBOL(SSL_get_error), TLS_SYMBOL(SSL_get_verify_result),
	TLS_SYMBOL(X509_VERIFY_PARAM_set1_ip_asc), TLS_SYMBOL(X509_verify_cert_error_string),
	TLS_SYMBOL(X509_get_default_cert_file), TLS_SYMBOL(X509_get_default_cert_file_env),
	TLS_SYMBOL(ERR_get_error), TLS_SYMBOL(ERR_peek_error), TLS_SYMBOL(ERR_clear_error),
	TLS_SYMBOL(ERR_reason_error_string),
};
/* clang-format on */

/* tls_api_load
 * Open libssl (libcrypto with it: dlsym searches both) and resolve every call. */
bool tls_api_load(struct tls_api *api, const char **why)
{
	struct tls_api found = {.lib = dlopen(TLS_SONAME, RTLD_NOW | RTLD_LOCAL)};

	if (found.lib == NULL) {
		*why = dlerror();
		return false;
	}
	for (size_t i = 0; i < sizeof(tls_symbols) / sizeof(tls_symbols[0]); i++) {
		void *fn = dlsym(found.lib, tls_symbols[i].name);
		if (fn == NULL) {
			*why = "libssl.so.3 lacks a call of OpenSSL 3";
			dlclose(found.lib);
			return false;
		}
		memcpy((char *)&found + tls_symbols[i].offset, &fn, sizeof(fn));
	}
	*api = found;
	return true;
}

/* tls_api_unload
 * dlclose what tls_api_load opened. */
void tls_api_unload(struct tls_api *api)
{
	if (api->lib)
		dlclose(api->lib);
	api->lib = NULL;
}
