/* sha256: see sha256.h. */
#include <stdio.h>

#include "sha256.h"

void
crm_sha256_init(struct crm_sha256 *c)
{
	sha256_init(&c->ctx);
}

void
crm_sha256_update(struct crm_sha256 *c, const void *p, size_t n)
{
	sha256_update(&c->ctx, n, p);
}

void
crm_sha256_hex(struct crm_sha256 *c, char hex[65])
{
	static const char digits[] = "0123456789abcdef";
	unsigned char d[SHA256_DIGEST_SIZE];
	int i;

	sha256_digest(&c->ctx, sizeof d, d);
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
