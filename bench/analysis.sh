#!/bin/sh
# Benchmark: effect estimates on a generated 1,000,000-row dataset, whole
# process including reading the CSV file, beside R's estimatr and Python's
# statsmodels on the same file in the same run:
#   dim  difference in means (Welch / HC2)
#   lin  Lin's estimator, HC2, 7 covariates (16 columns)
#   cr2  CR2 with about 66,000 clusters (statsmodels: its CR1; estimatr
#        needs a G x G matrix, 35 GB, and fails: run under a 20 GB limit
#        so that it fails fast instead of swapping)
# Each is run RUNS times (default 3); the median wall-clock seconds and
# the peak memory (maximum resident set, MB) are reported, with the
# estimates, so the tools can be seen to agree.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
PATH="$top/bin:$PATH"
ROWS=${ROWS:-1000000}
RUNS=${RUNS:-3}
dir="$top/bench/out/analysis"
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir"
covariates=age,years_in_norway,prior_earnings,female,schooling,norwegian_score,children

gen_analysis --rows "$ROWS" --clusters 66000 --seed 1 >data.csv

# The command of a tool for a task; each prints "estimate std_error".
command () {
	case $1.$2 in
	analysis.dim) echo "analysis effects --data data.csv --arm arm" \
		"--treat treatment --outcome y --estimator dim --format csv" ;;
	analysis.lin) echo "analysis effects --data data.csv --arm arm" \
		"--treat treatment --outcome y --estimator lin" \
		"--covariates $covariates --se hc2 --format csv" ;;
	analysis.cr2) echo "analysis effects --data data.csv --arm arm" \
		"--treat treatment --outcome y --estimator ols" \
		"--cluster cluster --se cr2 --format csv" ;;
	estimatr.*) echo "ulimit -v 20000000;" \
		"Rscript $top/bench/analysis_estimatr.R data.csv $2" ;;
	statsmodels.*) echo "/usr/bin/python3" \
		"$top/bench/analysis_statsmodels.py data.csv $2" ;;
	esac
}

# RUNS runs of a tool on a task; prints the median "seconds MB status";
# the output of the last run is in TOOL.TASK, its errors in TOOL.TASK.err.
measure () {
	i=0
	: >runs.txt
	while [ "$i" -lt "$RUNS" ]; do
		if /usr/bin/time -f "%e %M" -o time.txt \
			sh -c "$(command "$1" "$2")" >"$1.$2" 2>"$1.$2.err"; then
			status=ok
		else
			status=failed
		fi
		awk -v s="$status" 'END { printf "%s %.0f %s\n", $1, $2 / 1024, s }' \
			time.txt >>runs.txt
		i=$((i + 1))
	done
	sort -n runs.txt | awk '{ v[NR] = $0 } END { print v[int((NR + 1) / 2)] }'
}

# A table cell from "seconds MB status" and the tool's error file.
cell () {
	set -- $1 "$2"
	if [ "$3" = ok ]; then
		printf "%.2f s, %s MB" "$1" "$2"
	else
		printf "fails after %.1f s: %s" "$1" \
			"$(grep -o 'bad_alloc\|cannot allocate vector of size [0-9.]* [GM]b' "$4" | head -1)"
	fi
}

# How many times faster ours ($1) is than a reference ($2), or "-".
ratio () {
	set -- $1 $2
	if [ "$6" = ok ]; then
		echo "$4 / $1" | bc -l | xargs printf "%.1fx"
	else
		echo "-"
	fi
}

# The estimate and standard error a tool printed.
estimate () {
	if [ "$1" = analysis ]; then
		awk -F, 'NR == 2 { printf "%s %s", $5, $6 }' "$1.$2"
	else
		tr '\n' ' ' <"$1.$2"
	fi
}

echo "rows: $ROWS; median of $RUNS runs; wall-clock seconds and peak memory (maximum resident set), whole process"
echo
echo "| task | analysis | estimatr | statsmodels | vs estimatr | vs statsmodels |"
echo "|---|---|---|---|---|---|"
: >estimates.txt
for task in dim lin cr2; do
	a=$(measure analysis "$task")
	r=$(measure estimatr "$task")
	p=$(measure statsmodels "$task")
	echo "| $task | $(cell "$a" analysis.$task.err) | $(cell "$r" estimatr.$task.err) |" \
		"$(cell "$p" statsmodels.$task.err) | $(ratio "$a" "$r") | $(ratio "$a" "$p") |"
	echo "$task: analysis $(estimate analysis "$task"); estimatr" \
		"$(estimate estimatr "$task"); statsmodels $(estimate statsmodels "$task")" \
		>>estimates.txt
done
echo
echo "Estimate and standard error of each tool (statsmodels' cr2 row is CR1):"
cat estimates.txt
