/*
 * fuzz_json_diff: libFuzzer target, the differential test of the JSON
 * reader against Jansson (tests/fuzz/json_diff.h says what must hold).
 * Its seeds are the corpus of valid (y_), invalid (n_) and valid but
 * unholdable (i_) texts that tests/unit/jsondiff_test.c also checks.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "json_diff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *fail;
	int what;

	if ((fail = json_diff((const char *)data, size, &what)) != NULL) {
		fprintf(stderr, "fuzz_json_diff: %s\n", fail);
		abort();
	}
	return 0;
}
