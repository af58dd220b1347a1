/* fuzz_cli.c — libFuzzer harness for the command-line number and duration parsers:
 * any bytes as an option value must give a status, never a crash, and an accepted value
 * must lie in the range asked for. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "netdx/cli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0'; /* option values are C strings; embedded NULs end them early */
	long l;
	double d;
	if (cli_parse_long(s, -1000, 1000, &l) == CLI_OK && (l < -1000 || l > 1000))
		abort();
	if (cli_parse_double(s, 0, 1e6, &d) == CLI_OK && !(d >= 0 && d <= 1e6))
		abort();
	if (cli_parse_duration_ms(s, 1000, 0.001, 3600000, &d) == CLI_OK &&
	    !(d >= 0.001 && d <= 3600000))
		abort();
	(void)cli_status_str(cli_parse_duration_ms(s, 1, 0, 1e300, &d));
	free(s);
	return 0;
}
