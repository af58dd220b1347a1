/* tls_api.h — OpenSSL's calls that dns_tls.c makes, loaded when the first TLS context
 * is made (private to dns/). Linked, libssl and libcrypto were mapped and relocated at
 * every nslookup start, DNS over TLS or not: 4 MiB resident instead of 2.1 (linked
 * statically, 3.2: the relocations of its pointers touch most of its pages). */
#ifndef NETDX_TLS_API_H
#define NETDX_TLS_API_H

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <stdbool.h>
#include <stddef.h>

struct tls_api {
	void *lib; /* the dlopen handle of libssl (libcrypto comes with it) */
	__typeof__(TLS_client_method) *TLS_client_method;
	__typeof__(SSL_CTX_new) *SSL_CTX_new;
	__typeof__(SSL_CTX_free) *SSL_CTX_free;
	__typeof__(SSL_CTX_ctrl) *SSL_CTX_ctrl;
	__typeof__(SSL_CTX_set_verify) *SSL_CTX_set_verify;
	__typeof__(SSL_CTX_load_verify_file) *SSL_CTX_load_verify_file;
	__typeof__(SSL_new) *SSL_new;
	__typeof__(SSL_free) *SSL_free;
	__typeof__(SSL_set_fd) *SSL_set_fd;
	__typeof__(SSL_ctrl) *SSL_ctrl;
	__typeof__(SSL_set1_host) *SSL_set1_host;
	__typeof__(SSL_get0_param) *SSL_get0_param;
	__typeof__(SSL_set_connect_state) *SSL_set_connect_state;
	__typeof__(SSL_do_handshake) *SSL_do_handshake;
	__typeof__(SSL_write_ex) *SSL_write_ex;
	__typeof__(SSL_read_ex) *SSL_read_ex;
	__typeof__(SSL_get_error) *SSL_get_error;
	__typeof__(SSL_get_verify_result) *SSL_get_verify_result;
	__typeof__(X509_VERIFY_PARAM_set1_ip_asc) *X509_VERIFY_PARAM_set1_ip_asc;
	__typeof__(X509_verify_cert_error_string) *X509_verify_cert_error_string;
	__typeof__(X509_get_default_cert_file) *X509_get_default_cert_file;
	__typeof__(X509_get_default_cert_file_env) *X509_get_default_cert_file_env;
	__typeof__(ERR_get_error) *ERR_get_error;
	__typeof__(ERR_peek_error) *ERR_peek_error;
	__typeof__(ERR_clear_error) *ERR_clear_error;
	__typeof__(ERR_reason_error_string) *ERR_reason_error_string;
};

/* Load libssl and fill api; false with *why (dlerror's words, or the call missing)
 * and api untouched when it or one of the calls cannot be found. */
bool tls_api_load(struct tls_api *api, const char **why);

/* Let go of the library (dlclose). */
void tls_api_unload(struct tls_api *api);

#endif
