/* mhd_api.c — libmicrohttpd loaded on demand (see mhd_api.h). */
#include "mhd_api.h"

#include <dlfcn.h>
#include <errno.h>
#include <stddef.h>
#include <string.h>

/* The soname Debian 12's libmicrohttpd12 ships (the ABI microhttpd.h describes). */
#define MHD_SONAME "libmicrohttpd.so.12"

/* Each call's name and where its address goes. */
struct mhd_symbol {
	const char *name;
	size_t offset; /* of its pointer in struct mhd_api */
};

#define MHD_SYMBOL(field, name)                                                                    \
	{                                                                                          \
		name, offsetof(struct mhd_api, field)                                              \
	}
/* clang-format off */
static const struct mhd_symbol mhd_symbols[] = {
	MHD_SYMBOL(start_daemon, "MHD_start_daemon"),
	MHD_SYMBOL(stop_daemon, "MHD_stop_daemon"),
	MHD_SYMBOL(quiesce_daemon, "MHD_quiesce_daemon"),
	MHD_SYMBOL(get_daemon_info, "MHD_get_daemon_info"),
	MHD_SYMBOL(run, "MHD_run"),
	MHD_SYMBOL(get_timeout, "MHD_get_timeout"),
	MHD_SYMBOL(lookup_connection_value, "MHD_lookup_connection_value"),
	MHD_SYMBOL(create_response_from_buffer, "MHD_create_response_from_buffer"),
	MHD_SYMBOL(create_response_from_callback, "MHD_create_response_from_callback"),
	MHD_SYMBOL(add_response_header, "MHD_add_response_header"),
	MHD_SYMBOL(queue_response, "MHD_queue_response"),
	MHD_SYMBOL(destroy_response, "MHD_destroy_response"),
};
/* clang-format on */

/* mhd_api_load
 * Open the library and resolve every call; api is filled only when all are found. */
bool mhd_api_load(struct mhd_api *api)
{
	struct mhd_api found = {.lib = dlopen(MHD_SONAME, RTLD_NOW | RTLD_LOCAL)};
	for (size_t i = 0; found.lib && i < sizeof(mhd_symbols) / sizeof(mhd_symbols[0]); i++) {
		void *fn = dlsym(found.lib, mhd_symbols[i].name);
		if (!fn) {
			dlclose(found.lib);
			found.lib = NULL;
		} else {
			memcpy((char *)&found + mhd_symbols[i].offset, &fn, sizeof(fn));
		}
	}
	if (!found.lib) {
		errno = ENOENT;
		return false;
	}
	*api = found;
	return true;
}

/* mhd_api_unload
 * dlclose what mhd_api_load opened. */
void mhd_api_unload(struct mhd_api *api)
{
	if (api->lib)
		dlclose(api->lib);
	api->lib = NULL;
}
