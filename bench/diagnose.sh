#!/bin/sh
# Benchmark: design diagnosis, 1,000 simulated trials of 2,000
# participants each through the real allocator (permuted blocks in site x
# gender) and Lin's estimator with HC2 and the protocol's four covariates
# (goal under 10 s), beside R simulating and fitting the same number of
# trials with estimatr's lm_lin (complete randomization, no allocator).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
PATH="$top/bin:$PATH"
TRIALS=${TRIALS:-1000}
N=${N:-2000}
dir="$top/bench/out/diagnose"
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir"

seconds () {
	start=$(date +%s.%N)
	"$@" >"$out" 2>&1
	end=$(date +%s.%N)
	echo "$end - $start" | bc -l | xargs printf "%.1f"
}

out=ours.txt
ours=$(seconds analysis diagnose --protocol "$top/protocols/supported-employment.ini" \
	--trials "$TRIALS" --participants "$N" --effect 0.2 --r2 0.3 --format csv)
out=r.txt
theirs=$(seconds Rscript "$top/bench/diagnose_reference.R" "$TRIALS" "$N" 0.2)
echo "| task | trials x participants | analysis diagnose | R estimatr lm_lin loop |"
echo "|---|---:|---:|---:|"
echo "| diagnose, Lin HC2 (goal < 10 s) | $TRIALS x $N | $ours s | $theirs s |"
echo
echo "analysis: power $(awk -F, 'NR == 2 { print $9 }' ours.txt); R: $(cat r.txt)"
