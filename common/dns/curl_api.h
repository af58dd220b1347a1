/* curl_api.h — libcurl's calls that dns_https.c makes, opened (dlopen) when the first
 * DoH context is made (private to dns/). Linked, libcurl and its fifteen dependencies
 * (OpenSSL, nghttp2, libssh2, LDAP, Kerberos...) would be mapped and initialised at
 * every start of every tool that links dns/, for the few runs that ask over HTTPS. */
#ifndef NETDX_CURL_API_H
#define NETDX_CURL_API_H

#define CURL_DISABLE_TYPECHECK
#include <curl/curl.h>
#include <stdbool.h>

struct curl_api {
	void *lib; /* the dlopen handle */
	__typeof__(curl_global_init) *global_init;
	__typeof__(curl_multi_init) *multi_init;
	__typeof__(curl_multi_setopt) *multi_setopt;
	__typeof__(curl_multi_socket_action) *multi_socket_action;
	__typeof__(curl_multi_info_read) *multi_info_read;
	__typeof__(curl_multi_add_handle) *multi_add_handle;
	__typeof__(curl_multi_remove_handle) *multi_remove_handle;
	__typeof__(curl_multi_cleanup) *multi_cleanup;
	__typeof__(curl_easy_init) *easy_init;
	__typeof__(curl_easy_setopt) *easy_setopt;
	__typeof__(curl_easy_getinfo) *easy_getinfo;
	__typeof__(curl_easy_cleanup) *easy_cleanup;
	__typeof__(curl_easy_strerror) *easy_strerror;
	__typeof__(curl_slist_append) *slist_append;
	__typeof__(curl_slist_free_all) *slist_free_all;
};

/* Load the library, resolve every call and run its global init (OpenSSL's); false
 * with errno ENOENT (api untouched) when it or one of the calls cannot be found. It
 * stays loaded until the process ends: OpenSSL is not made to be unloaded. */
bool curl_api_load(struct curl_api *api);

#endif
