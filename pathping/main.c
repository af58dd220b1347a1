/* pathping — placeholder until its issue (#7) lands: says so and exits 2. */
#include "netdx/cli.h"

int main(void)
{
	cli_error("not implemented yet", "see issue #7");
	return CLI_EXIT_ERROR;
}
