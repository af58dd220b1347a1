/* mhd_api.h — libmicrohttpd's calls that metrics_http.c makes, loaded when a server is
 * started (private to core/). Linking the library made every tool that links
 * metrics_http.c (ping, mtr) load it and GnuTLS with its eight dependencies at each
 * start, and run GnuTLS's constructor: three quarters of a `ping -c 1` before main. */
#ifndef NETDX_MHD_API_H
#define NETDX_MHD_API_H

#include <microhttpd.h>
#include <stdbool.h>

struct mhd_api {
	void *lib; /* the dlopen handle */
	__typeof__(MHD_start_daemon) *start_daemon;
	__typeof__(MHD_stop_daemon) *stop_daemon;
	__typeof__(MHD_quiesce_daemon) *quiesce_daemon;
	__typeof__(MHD_get_daemon_info) *get_daemon_info;
	__typeof__(MHD_run) *run;
	__typeof__(MHD_get_timeout) *get_timeout;
	__typeof__(MHD_lookup_connection_value) *lookup_connection_value;
	__typeof__(MHD_create_response_from_buffer) *create_response_from_buffer;
	__typeof__(MHD_create_response_from_callback) *create_response_from_callback;
	__typeof__(MHD_add_response_header) *add_response_header;
	__typeof__(MHD_queue_response) *queue_response;
	__typeof__(MHD_destroy_response) *destroy_response;
};

/* Load the library and fill api; false with errno ENOENT (api untouched) when it or
 * one of the calls cannot be found. */
bool mhd_api_load(struct mhd_api *api);

/* Let go of the library (each load is counted: dlclose). */
void mhd_api_unload(struct mhd_api *api);

#endif
