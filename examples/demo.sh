#!/bin/sh
# make demo: import the sample spreadsheets in examples/ into demo.db and run
# every tool's demo step (examples/demo.d/*.sh, in order) over it.
set -eu
cd "$(dirname "$0")/.."
DEMO_DB=$(pwd)/demo.db
export DEMO_DB
rm -f "$DEMO_DB" "$DEMO_DB-wal" "$DEMO_DB-shm"
for step in examples/demo.d/*.sh; do
	printf '\n==> %s\n' "$step"
	sh "$step"
done
