#include <string.h>

#include "sha256.h"
#include "tap.h"

static const char *
hash(const char *s, size_t reps)
{
	static char hex[65];
	struct crm_sha256 c;
	size_t i;

	crm_sha256_init(&c);
	for (i = 0; i < reps; i++)
		crm_sha256_update(&c, s, strlen(s));
	crm_sha256_hex(&c, hex);
	return hex;
}

int
main(void)
{
	/* FIPS 180-4 examples. */
	is(hash("", 1), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "empty");
	is(hash("abc", 1), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "abc");
	is(hash("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 1),
	    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1", "two blocks");
	is(hash("a", 1000000), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
	    "a million a's, fed one byte at a time");
	return done_testing();
}
