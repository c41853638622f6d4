/* sha256: see sha256.h. */
#include <stdio.h>

#include <nettle/sha2.h>

#include "sha256.h"

_Static_assert(sizeof(struct sha256_ctx) <= sizeof(((struct crm_sha256 *)0)->ctx),
    "struct crm_sha256 has no room for Nettle's sha256_ctx");

/* Nettle's context in the caller's struct crm_sha256. */
static struct sha256_ctx *
ctx(struct crm_sha256 *c)
{
	return (struct sha256_ctx *)(void *)c->ctx.bytes;
}

void
crm_sha256_init(struct crm_sha256 *c)
{
	sha256_init(ctx(c));
}

void
crm_sha256_update(struct crm_sha256 *c, const void *p, size_t n)
{
	sha256_update(ctx(c), n, p);
}

void
crm_sha256_hex(struct crm_sha256 *c, char hex[65])
{
	static const char digits[] = "0123456789abcdef";
	unsigned char d[SHA256_DIGEST_SIZE];
	int i;

	sha256_digest(ctx(c), sizeof d, d);
	for (i = 0; i < SHA256_DIGEST_SIZE; i++) {
		hex[2 * i] = digits[d[i] >> 4];
		hex[2 * i + 1] = digits[d[i] & 15];
	}
	hex[64] = '\0';
}

int
crm_sha256_file(const char *path, char hex[65])
{
	struct crm_sha256 c;
	unsigned char buf[65536];
	size_t n;
	FILE *fp = fopen(path, "rb");

	if (!fp)
		return -1;
	crm_sha256_init(&c);
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
		crm_sha256_update(&c, buf, n);
	if (ferror(fp)) {
		fclose(fp);
		return -1;
	}
	fclose(fp);
	crm_sha256_hex(&c, hex);
	return 0;
}
