/*
 * jsondiff_test: the JSON reader against Jansson (tests/fuzz/json_diff.h)
 * on every text of tests/fuzz/corpus/fuzz_json_diff, whose names say what
 * each is: y_ valid JSON that Jansson reads, n_ not JSON (RFC 8259), i_
 * valid JSON that is no record (beyond what Jansson holds, or a key given
 * twice).  Run from the top of the tree.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../fuzz/json_diff.h"
#include "tap.h"

#define CORPUS "tests/fuzz/corpus/fuzz_json_diff"

static char *
slurp(const char *path, size_t *n)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, got;

	*n = 0;
	if (!fp)
		return NULL;
	do {
		buf = xrealloc(buf, cap += 65536);
		got = fread(buf + *n, 1, cap - *n, fp);
		*n += got;
	} while (got > 0);
	fclose(fp);
	return buf;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(void)
{
	DIR *d = opendir(CORPUS);
	struct dirent *e;
	char **names = NULL, path[1024];
	size_t nn = 0, i, n, ny = 0, nno = 0, ni = 0;

	if (!d) {
		ok(0, "corpus %s", CORPUS);
		return done_testing();
	}
	while ((e = readdir(d)) != NULL)
		if (e->d_name[1] == '_' && strchr("yni", e->d_name[0])) {
			names = xreallocarray(names, nn + 1, sizeof *names);
			names[nn++] = xstrdup(e->d_name);
		}
	closedir(d);
	qsort(names, nn, sizeof *names, by_name);
	for (i = 0; i < nn; i++) {
		const char *fail;
		char *text;
		int what, good;

		snprintf(path, sizeof path, "%s/%s", CORPUS, names[i]);
		text = slurp(path, &n);
		fail = json_diff(text ? text : "", n, &what);
		switch (names[i][0]) {
		case 'y':
			good = (what & JD_VALID) && (what & JD_JANSSON);
			ny++;
			break;
		case 'n':
			/* (Jansson's leniencies are json_diff's business.) */
			good = !(what & (JD_VALID | JD_RECORD));
			nno++;
			break;
		default:
			good = (what & JD_VALID) && !(what & JD_RECORD);
			ni++;
		}
		ok(!fail && good, "%s: %s", names[i], fail ? fail : good ?
		    "as named" : "not as its name says");
		free(text);
		free(names[i]);
	}
	free(names);
	ok(ny >= 40 && nno >= 60 && ni >= 10, "corpus: %zu valid, %zu invalid, "
	    "%zu beyond Jansson", ny, nno, ni);
	return done_testing();
}
