#!/bin/sh
# Benchmark: trial import of a 1,000,000-row register against sqlite3's own
# .import of the same file into a plain table, in the same run, on the same
# disk.  trial import validates every field and the eligibility rules,
# pseudonymizes and seals every identity number, checks for people already
# enrolled, records the audit entry and commits durably (WAL,
# synchronous=FULL); sqlite3 .import only copies the text into a table.
# Each is run RUNS times (default 5), each time into a fresh store; the
# median wall-clock time is reported.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
PATH="$top/bin:$PATH"
ROWS=${ROWS:-1000000}
RUNS=${RUNS:-5}
dir="$top/bench/out/import"
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir"
export TZ=UTC RCT_NOW=2026-10-15 RCT_ACTOR=bench

seconds () {
	start=$(date +%s.%N)
	"$@" >/dev/null
	end=$(date +%s.%N)
	echo "$end - $start" | bc -l
}

median () {
	sort -n | awk '{ v[NR] = $1 } END { printf "%.2f", v[int((NR + 1) / 2)] }'
}

gen_register --rows "$ROWS" --seed 1 >register.csv
trial init template.db --protocol "$top/protocols/supported-employment.ini" >/dev/null
for s in 0301 4601 5001 1103 3005; do
	trial site add template.db $s --name "site $s" >/dev/null
done

: >trial.times
: >sqlite.times
i=0
while [ $i -lt "$RUNS" ]; do
	rm -f se.db se.db-wal se.db-shm plain.db
	rm -rf se.keys && cp -rp template.keys se.keys && cp template.db se.db
	seconds trial import se.db register.csv >>trial.times
	seconds sqlite3 plain.db -cmd ".mode csv" ".import register.csv reg" >>sqlite.times
	i=$((i + 1))
done
t=$(median <trial.times)
q=$(median <sqlite.times)
n=$(sqlite3 se.db "SELECT count(*) FROM participant")
test "$n" = "$ROWS"
printf '| task | rows | trial | sqlite3 .import | ratio |\n'
printf '|---|---:|---:|---:|---:|\n'
printf '| import a register | %d | %s s | %s s | %.1fx |\n' "$ROWS" "$t" "$q" \
	"$(echo "$t / $q" | bc -l)"
