/*
 * libFuzzer target: the command-line renderer.  Presets for a variable of
 * every type go through the dialog of a menu that puts them all on the
 * command line.  Oracle: the kernel's own split of the line gives exactly
 * one argument per template word, with the values in place, plus one per
 * word of the `args` variable: a value never adds, splits or joins a
 * kernel argument; and the line is printable ASCII within the limit.
 */
#include "render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct run r;
	static struct run_result res;
	static struct tokens got, want;
	static char line[CMDLINE_LIMIT + 1];
	size_t i;

	if (render_run(&r, &res, data, size) != 0)
		return 0; /* refused (too long): nothing is booted */
	if (render_line(&res, line, sizeof(line)) < 0)
		abort(); /* the dialog counted the loader's words */
	for (i = 0; line[i]; i++)
		if (line[i] < 0x20 || line[i] > 0x7e)
			abort();
	if (i > CMDLINE_LIMIT)
		abort();
	kernel_split(line, &got);
	render_expect(&r, &want);
	if (!tokens_equal(&got, &want))
		abort();
	return 0;
}
