#!/bin/sh
# Benchmarks of allocation, each beside a reference doing the bare storage
# work in the same run with sqlite3:
#  1. enrol + allocate one participant as they arrive, durably (WAL,
#     synchronous=FULL), N times: median and 99th percentile per person;
#     reference: two sqlite3 processes each committing one row durably.
#  2. batch allocation of 1,000,000 enrolled participants with their
#     audit entries (goal under 10 s); reference: sqlite3 copying the
#     participant ids into an allocation table in one statement.
#  3. verify of the resulting 1,000,000-entry log (goal under 5 s);
#     reference: b2sum reading and hashing the store file once.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
PATH="$top/bin:$PATH"
N=${N:-200}
ROWS=${ROWS:-1000000}
dir="$top/bench/out/randomizer"
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir"
export TZ=UTC RCT_NOW=2026-10-15 RCT_ACTOR=bench

now () { date +%s%N; }

# Median and 99th percentile of milliseconds, one per line.
quantiles () {
	sort -n | awk '{ v[NR] = $1 } END {
		m = v[int((NR + 1) / 2)]; p = v[int(NR * 0.99 + 0.999)];
		printf "%.1f / %.1f ms", m, p }'
}

seconds () {
	start=$(now)
	"$@" >/dev/null
	end=$(now)
	echo "($end - $start) / 1000000000" | bc -l
}

# 1. One by one.
trial init seq.db --protocol "$top/protocols/supported-employment.ini" >/dev/null
trial site add seq.db 0301 --name Oslo >/dev/null
gen_register --rows "$N" --seed 7 --sites 0301 | tail -n +2 >arrivals.csv
sqlite3 ref.db "PRAGMA journal_mode=WAL; CREATE TABLE p(id INTEGER PRIMARY KEY, v TEXT); CREATE TABLE a(id INTEGER PRIMARY KEY, arm TEXT)" >/dev/null
: >seq.ms
: >ref.ms
i=0
while IFS=, read id site gender by edu level years date; do
	i=$((i + 1))
	t0=$(now)
	echo "$id" | trial enrol seq.db --site "$site" --id - --set gender="$gender" \
		--set birth_year="$by" --set education="$edu" \
		--set norwegian_level="$level" --set years_in_norway="$years" \
		--set consent_date="$date" >/dev/null
	randomizer assign seq.db "$(printf P%06d $i)" >/dev/null
	t1=$(now)
	sqlite3 ref.db "PRAGMA synchronous=FULL; INSERT INTO p VALUES ($i, '$id')"
	sqlite3 ref.db "PRAGMA synchronous=FULL; INSERT INTO a VALUES ($i, 'x')"
	t2=$(now)
	echo "($t1 - $t0) / 1000000" | bc -l >>seq.ms
	echo "($t2 - $t1) / 1000000" | bc -l >>ref.ms
done <arrivals.csv

# 2. A million at once.
sed 's/^method = blocks$/method = batch/; /^block_sizes/d; /^\[concealed\]$/d' \
	"$top/protocols/supported-employment.ini" >batch.ini
trial init batch.db --protocol batch.ini >/dev/null
for s in 0301 4601 5001 1103 3005; do
	trial site add batch.db $s --name "site $s" >/dev/null
done
gen_register --rows "$ROWS" --seed 1 >register.csv
trial import batch.db register.csv >/dev/null
cp batch.db ref-batch.db
sqlite3 ref-batch.db "CREATE TABLE a(participant INTEGER PRIMARY KEY, arm TEXT, position INTEGER)"
tb=$(seconds randomizer assign batch.db --pending --format csv)
rb=$(seconds sqlite3 ref-batch.db "PRAGMA synchronous=FULL; INSERT INTO a SELECT id, CASE id % 2 WHEN 0 THEN 'control' ELSE 'treatment' END, id FROM participant")
n=$(sqlite3 batch.db "SELECT count(*) FROM allocation")
test "$n" = "$ROWS"

# 3. Verify.
tv=$(seconds randomizer verify batch.db)
rv=$(seconds b2sum batch.db)
entries=$(sqlite3 batch.db "SELECT count(*) FROM audit")

printf '| task | size | rct | reference | reference tool |\n'
printf '|---|---:|---:|---:|---|\n'
printf '| enrol + allocate one participant, durable: median / p99 | %d people | %s | %s | two sqlite3 processes, one durable row each |\n' \
	"$N" "$(quantiles <seq.ms)" "$(quantiles <ref.ms)"
printf '| batch allocation with audit entries | %d | %.2f s | %.2f s | sqlite3 INSERT ... SELECT of the ids |\n' "$ROWS" "$tb" "$rb"
printf '| verify the audit log and the data | %d entries | %.2f s | %.2f s | b2sum of the store file |\n' "$entries" "$tv" "$rv"
