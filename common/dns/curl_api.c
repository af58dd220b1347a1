/* curl_api.c — libcurl loaded on demand (see curl_api.h). */
#include "curl_api.h"

#include <dlfcn.h>
#include <errno.h>
#include <stddef.h>
#include <string.h>

/* The soname of Debian 12's libcurl4 (the OpenSSL flavour, built with nghttp2). */
#define CURL_SONAME "libcurl.so.4"

/* Each call's name and where its address goes. */
struct curl_symbol {
	const char *name;
	size_t offset; /* of its pointer in struct curl_api */
};

#define CURL_SYMBOL(field, name)                                                                   \
	{                                                                                          \
		name, offsetof(struct curl_api, field)                                             \
	}
/* clang-format off */
static const struct curl_symbol curl_symbols[] = {
	CURL_SYMBOL(global_init, "curl_global_init"),
	CURL_SYMBOL(multi_init, "curl_multi_init"),
	CURL_SYMBOL(multi_setopt, "curl_multi_setopt"),
	CURL_SYMBOL(multi_socket_action, "curl_multi_socket_action"),
	CURL_SYMBOL(multi_info_read, "curl_multi_info_read"),
	CURL_SYMBOL(multi_add_handle, "curl_multi_add_handle"),
	CURL_SYMBOL(multi_remove_handle, "curl_multi_remove_handle"),
	CURL_SYMBOL(multi_cleanup, "curl_multi_cleanup"),
	CURL_SYMBOL(easy_init, "curl_easy_init"),
	CURL_SYMBOL(easy_setopt, "curl_easy_setopt"),
	CURL_SYMBOL(easy_getinfo, "curl_easy_getinfo"),
	CURL_SYMBOL(easy_cleanup, "curl_easy_cleanup"),
	CURL_SYMBOL(easy_strerror, "curl_easy_strerror"),
	CURL_SYMBOL(slist_append, "curl_slist_append"),
	CURL_SYMBOL(slist_free_all, "curl_slist_free_all"),
};
/* clang-format on */

/* curl_api_load
 * Open the library and resolve every call; api is filled only when all are found and
 * the library initialised. */
bool curl_api_load(struct curl_api *api)
{
	struct curl_api found = {.lib = dlopen(CURL_SONAME, RTLD_NOW | RTLD_LOCAL)};
	for (size_t i = 0; found.lib && i < sizeof(curl_symbols) / sizeof(curl_symbols[0]); i++) {
		void *fn = dlsym(found.lib, curl_symbols[i].name);
		if (!fn) {
			dlclose(found.lib);
			found.lib = NULL;
		} else {
			memcpy((char *)&found + curl_symbols[i].offset, &fn, sizeof(fn));
		}
	}
	if (found.lib && found.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		dlclose(found.lib);
		found.lib = NULL;
	}
	if (!found.lib) {
		errno = ENOENT;
		return false;
	}
	*api = found;
	return true;
}
