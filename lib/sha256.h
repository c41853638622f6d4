/*
 * sha256: the fingerprint of imported files (import_runs.sha256), so a
 * re-import of the same file is recognised.  Nettle does the hashing
 * (with the CPU's SHA instructions where it has them).
 */
#ifndef CRM_SHA256_H
#define CRM_SHA256_H

#include <stddef.h>
#include <stdint.h>

/* Room for Nettle's context, which only sha256.c sees (it checks the size). */
struct crm_sha256 {
	union {
		unsigned char bytes[256];
		uint64_t align64;
		long double alignld;
		void *alignp;
	} ctx;
};

void crm_sha256_init(struct crm_sha256 *c);
void crm_sha256_update(struct crm_sha256 *c, const void *p, size_t n);
/* Finish and write 64 lower-case hex digits and a NUL to hex. */
void crm_sha256_hex(struct crm_sha256 *c, char hex[65]);
/* Hash a whole file; -1 with errno set when it cannot be read. */
int crm_sha256_file(const char *path, char hex[65]);

#endif
