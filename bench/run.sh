#!/bin/sh
# make bench: every benchmark in bench/, each comparing the toolkit with a
# reference tool in the same run.  Figures are printed as Markdown tables.
set -eu
cd "$(dirname "$0")"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo); $(date -u +%Y-%m-%d)"
for b in import.sh randomizer.sh witness.sh web.sh analysis.sh ri.sh diagnose.sh; do
	echo
	echo "## $b"
	sh "$b"
done
