/* interactive.c — nslookup's command loop: "> " at a terminal (nothing from a pipe,
 * as BIND reads a pipe with fgets), then set, server/lserver, exit, and names or
 * addresses to look up, each line handled as BIND's do_next_command does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "netdx/dns_https_url.h"
#include "nsl.h"

#define NSL_LINE_MAX 4096

/* nsl_interactive_command
 * One command line. Returns false on "exit". */
static bool nsl_interactive_command(struct nsl_run *run, char *line)
{
	char *save = NULL;
	char *cmd = strtok_r(line, " \t\r\n", &save);
	char *arg;

	if (cmd == NULL)
		return true;
	arg = strtok_r(NULL, " \t\r\n", &save);
	if (strcasecmp(cmd, "set") == 0 && arg != NULL) {
		opt_set(run, arg, false);
	} else if (strcasecmp(cmd, "server") == 0 || strcasecmp(cmd, "lserver") == 0) {
		const char *why = NULL;
		/* fatal in BIND, even here */
		if (arg != NULL && !opt_set_server(&run->set, arg, &why))
			nsl_fail(NSL_EXIT_FAIL, "couldn't get address for '%s': %s", arg,
				 dns_https_url_is(arg) ? why : "not found");
		run->set.check_ra = false;
		opt_show(run, true, true);
	} else if (strcasecmp(cmd, "exit") == 0) {
		return false;
	} else if (strcasecmp(cmd, "help") == 0 || strcasecmp(cmd, "?") == 0) {
		fprintf(run->out, "The '%s' command is not yet implemented.\n", cmd);
	} else if (strcasecmp(cmd, "finger") == 0 || strcasecmp(cmd, "root") == 0 ||
		   strcasecmp(cmd, "ls") == 0 || strcasecmp(cmd, "view") == 0) {
		fprintf(run->out, "The '%s' command is not implemented.\n", cmd);
	} else {
		lk_lookup(run, cmd);
	}
	return true;
}

/* nsl_interactive
 * Prompt at a terminal, read a line, run it, until exit or end of input. */
void nsl_interactive(struct nsl_run *run)
{
	char line[NSL_LINE_MAX];
	bool tty = isatty(STDIN_FILENO);

	for (;;) {
		if (tty) {
			fputs("> ", run->out);
		}
		fflush(run->out);
		if (fgets(line, sizeof(line), stdin) == NULL)
			break;
		if (!nsl_interactive_command(run, line))
			break;
	}
}
