#!/bin/sh
# Benchmark: randomization inference on a trial of 100,000 participants
# allocated in permuted blocks within site x gender, 10,000 re-draws of
# the whole allocation through the randomizer's allocator, each checked
# first with the trial's secret (goal: 5 times as fast as base R), beside
# base R doing the same number of plain permutations within strata on
# the same data, in the same run.  One run each.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
PATH="$top/bin:$PATH"
ROWS=${ROWS:-100000}
DRAWS=${DRAWS:-10000}
dir="$top/bench/out/ri"
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir"
export TZ=UTC RCT_NOW=2026-10-15 RCT_ACTOR=bench

trial init se.db --protocol "$top/protocols/supported-employment.ini" >/dev/null
for s in 0301 4601 5001 1103 3005; do
	trial site add se.db "$s" --name "site $s" >/dev/null
done
gen_register --rows "$ROWS" --seed 3 >register.csv
trial import se.db register.csv >/dev/null
randomizer assign se.db --pending >/dev/null
trial export se.db --format csv >export.csv
# Earnings two years on, with an effect of 4,000 NOK.
awk -F, 'BEGIN { srand(5); print "participant,outcome,value" }
	NR > 1 { printf "%s,earnings_12m,%d\n", $1, int(100000 + 4000 * ($16 == "treatment") + 60000 * rand()) }' \
	export.csv >outcomes.csv
trial outcome import se.db outcomes.csv >/dev/null
awk -F, 'NR == FNR { if (FNR > 1) y[$1] = $3; next }
	FNR == 1 { print "arm,stratum,y"; next } { print $16 "," $11 "," y[$1] }' \
	outcomes.csv export.csv >data.csv

seconds () {
	start=$(date +%s.%N)
	"$@" >"$out" 2>&1
	end=$(date +%s.%N)
	echo "$end - $start" | bc -l | xargs printf "%.1f"
}

out=ours.txt
ours=$(seconds analysis ri se.db --outcome earnings_12m --draws "$DRAWS" --format csv)
out=r.txt
theirs=$(seconds Rscript "$top/bench/ri_reference.R" data.csv "$DRAWS")
ratio=$(echo "$theirs / $ours" | bc -l | xargs printf "%.1f")
echo "| task | participants | draws | analysis ri | base R permutations | ratio |"
echo "|---|---:|---:|---:|---:|---:|"
echo "| randomization inference (goal: 5x base R) | $ROWS | $DRAWS | $ours s | $theirs s | ${ratio}x |"
echo
echo "analysis: $(tail -1 ours.txt | cut -d, -f5,11,12,14)"
echo "base R (difference, p): $(cat r.txt)"
