/* A tiny table-driven test harness: failures name file:line, and any
 * failure makes the program exit non-zero. */
#ifndef TESTS_UNIT_CHECK_H
#define TESTS_UNIT_CHECK_H

#include <errno.h>
#include <stdio.h>
#include <string.h>

static int check_failed, check_passed;

#define CHECK(cond, ...)                                                       \
	do {                                                                   \
		if (cond) {                                                    \
			check_passed++;                                        \
		} else {                                                       \
			check_failed++;                                        \
			fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, \
				__LINE__, #cond);                              \
			fprintf(stderr, __VA_ARGS__);                          \
			fputc('\n', stderr);                                   \
		}                                                              \
	} while (0)

#define CHECK_STR(got, want, ...)                                              \
	CHECK(strcmp((got), (want)) == 0, "got \"%s\", want \"%s\" (%s)",      \
	      (got), (want), __VA_ARGS__)

/* Print the closing line and return the exit status. */
#define CHECK_DONE(name)                                                       \
	(printf("%s: %d passed, %d failed\n", (name), check_passed,            \
		check_failed),                                                 \
	 check_failed ? 1 : 0)

#endif
