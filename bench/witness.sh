#!/bin/sh
# Benchmark: what a witness adds to a single allocation.  N participants
# are allocated one by one (randomizer assign, a process each, durable)
# into two stores of the same protocol, one with a witness named (served
# on loopback by randomizer witness serve: every allocation commits, asks
# the witness to cosign the new checkpoint over HTTP, keeps the
# cosignature in a second durable transaction, then shows the arm) and one
# without, interleaved in the same run.  Reported: median and 99th
# percentile of each, and of the difference (goal: under 20 ms at p99).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
PATH="$top/bin:$PATH"
N=${N:-200}
dir="$top/bench/out/witness"
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir"
export TZ=UTC

now () { date +%s%N; }

quantiles () {
	sort -n | awk '{ v[NR] = $1 } END {
		m = v[int((NR + 1) / 2)]; p = v[int(NR * 0.99 + 0.999)];
		printf "%.1f / %.1f ms", m, p }'
}

randomizer witness init dmc --name bench.example/w1 >dmc.vkey
randomizer witness serve dmc --listen 127.0.0.1:0 >port.txt 2>/dev/null &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
i=0
while [ $i -lt 100 ] && ! grep -q "^listening" port.txt; do sleep 0.1; i=$((i + 1)); done
port=$(sed -n "s/^listening on port //p" port.txt)
cp "$top/protocols/supported-employment.ini" plain.ini
cp plain.ini witnessed.ini
printf '\n[witness dmc]\nkey = %s\nurl = http://127.0.0.1:%s/\n' "$(cat dmc.vkey)" "$port" >>witnessed.ini
gen_register --rows "$N" --seed 7 --sites 0301 >reg.csv
for s in plain witnessed; do
	trial init $s.db --protocol $s.ini >/dev/null
	trial site add $s.db 0301 --name Oslo >/dev/null
	trial import $s.db reg.csv >/dev/null
done
randomizer witness trust dmc "$(randomizer log witnessed.db --verifier-key)"
: >plain.ms
: >witnessed.ms
: >diff.ms
i=0
while [ $i -lt "$N" ]; do
	i=$((i + 1))
	p=$(printf P%06d $i)
	t0=$(now)
	randomizer assign plain.db "$p" >/dev/null
	t1=$(now)
	randomizer assign witnessed.db "$p" >/dev/null
	t2=$(now)
	a=$(echo "($t1 - $t0) / 1000000" | bc -l)
	b=$(echo "($t2 - $t1) / 1000000" | bc -l)
	echo "$a" >>plain.ms
	echo "$b" >>witnessed.ms
	echo "$b - $a" | bc -l >>diff.ms
done
randomizer verify witnessed.db >/dev/null
echo "| task | allocations | without witness | with a witness on loopback | added |"
echo "|---|---:|---:|---:|---:|"
echo "| allocate one participant, durable, arm shown: median / p99 | $N | $(quantiles <plain.ms) | $(quantiles <witnessed.ms) | $(quantiles <diff.ms) |"
