#!/bin/sh
# Benchmark: enrol + allocate through the web service (bin/trial-web on
# loopback, the store durable as always: WAL, synchronous=FULL) with 1, 10
# and 50 concurrent clients, beside the command-line path and the bare
# storage work in the same run:
#  - HTTP: tests/bin/web_load, one thread and one session a client, each
#    participant as a browser does it, both ways the service offers:
#    "two steps", the form's Enrol: GET the form, POST it (303), GET the
#    participant, POST /allocate (303), GET the page with the arm (five
#    requests, two durable writes); "one step", the form's Enrol and
#    allocate: POST the form with then=allocate (303), GET the page it
#    sends to, the form again with the arm above it, whose form the next
#    participant is sent from (two requests, one durable write, as the
#    floor below; a session's first participant GETs the form first).
#    Median and 99th percentile of that whole round and of the allocation
#    alone (the POST that allocates and the page showing the arm), and
#    arms per second.
#  - HTTP while others log in: 10 clients, one step, while rounds of 50
#    other clients log in (an Argon2id each) and enrol one participant
#    each, until the 10 are done: what logins cost those at work.
#  - CLI: trial enrol + randomizer assign, a process each, one participant
#    after the other.
#  - SQLite: one durable transaction (WAL, synchronous=FULL) per row,
#    one after the other, in one sqlite3 process: the floor every
#    allocation stands on.  Timed once the WAL has wrapped (after NWARM
#    rows, untimed): while a new WAL grows, each fdatasync also writes the
#    file's size, which halves the rate, and a server's store is past that
#    within its first minutes.  Three runs of NSQL rows, the median kept.
# Goals (issue 12): p99 under 50 ms at 50 clients on two cores; HTTP
# throughput within 2x of one durable SQLite transaction per allocation.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
PATH="$top/bin:$top/tests/bin:$PATH"
# Several seconds a row at each client count: a run under a second
# (2,000 participants at 50 clients) moved by 10% from one to the next.
N1=${N1:-1000}
N10=${N10:-5000}
N50=${N50:-10000}
NCLI=${NCLI:-100}
NSQL=${NSQL:-1000}
NWARM=${NWARM:-2000}
CLIENTS=${CLIENTS:-1 10 50}
# Logins beside allocations: NSTORM participants at 10 clients (one
# step) while rounds of 50 other clients log in, at most NROUNDS rounds.
NSTORM=${NSTORM:-10000}
NROUNDS=${NROUNDS:-20}
dir="$top/bench/out/web"
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir"
export TZ=UTC
unset RCT_NOW RCT_ACTOR

if [ ! -x "$top/bin/trial-web" ] || [ ! -x "$top/tests/bin/web_load" ]; then
	echo "skipped: bin/trial-web or tests/bin/web_load is not built"
	exit 0
fi
# A program left built with a sanitizer (make tsan-web builds the load
# generator so, and a plain make does not rebuild tests/bin/web_load)
# measures the sanitizer: the load generator under ThreadSanitizer took
# five times the CPU and cut the server's rate by a third.  make bench
# rebuilds them plain; run by hand, refuse.
for prog in trial-web web_load trial randomizer; do
	if ldd "$(command -v $prog)" | grep -q 'lib[at]san\|libubsan'; then
		echo "bench/web.sh: $(command -v $prog) is built with a sanitizer: run make bench (it rebuilds plain)" >&2
		exit 1
	fi
done

now () { date +%s%N; }

quantiles () {
	sort -n | awk '{ v[NR] = $1 } END {
		m = v[int((NR + 1) / 2)]; p = v[int(NR * 0.99 + 0.999)];
		printf "%.1f / %.1f ms", m, p }'
}

# Field $2 of web_load's summary line in file $1.
summary () {
	awk -v k="$2" '{ for (i = 1; i < NF; i++) if ($i == k) print $(i + 1) }' "$1"
}

free_port () {
	/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

sites="0301 4601 5001 1103 3005"
trial init web.db --protocol "$top/protocols/supported-employment.ini" >/dev/null
for s in $sites; do
	trial site add web.db $s --name "site $s" >/dev/null
done
# Ten staff users of all five sites (with 50 clients each has five
# sessions), their passwords set (the one-time password changed) from the
# command line.
: >users.txt
i=0
while [ $i -lt 10 ]; do
	trial user add web.db "staff$i" --role staff $(printf -- "--site %s " $sites) >add.out
	printf "%s\nbench-password-%d\n" "$(sed -n "s/^one-time password: //p" add.out)" $i |
		trial user passwd web.db "staff$i" >/dev/null
	echo "staff$i bench-password-$i $(echo $sites | tr " " ,)" >>users.txt
	i=$((i + 1))
done
NWEB=$((N1 + N10 + N50))
gen_register --rows $((2 * NWEB + NCLI + NSTORM + 50 * NROUNDS + 100)) --seed 17 >all.csv
head -1 all.csv >header
part () {
	{ cat header; tail -n +2 all.csv | sed -n "$1,$2p"; } >"$3"
}
# Rows of their own for each client count of each way.
for way in two one; do
	o=0
	[ $way = two ] || o=$NWEB
	part $((o + 1)) $((o + N1)) reg-$way-1.csv
	part $((o + N1 + 1)) $((o + N1 + N10)) reg-$way-10.csv
	part $((o + N1 + N10 + 1)) $((o + NWEB)) reg-$way-50.csv
done
part $((2 * NWEB + 1)) $((2 * NWEB + NCLI)) regcli.csv
o=$((2 * NWEB + NCLI))
part $((o + 1)) $((o + NSTORM)) reg-storm.csv
r=1
while [ $r -le $NROUNDS ]; do
	part $((o + NSTORM + 50 * (r - 1) + 1)) $((o + NSTORM + 50 * r)) reg-login-$r.csv
	r=$((r + 1))
done

port=$(free_port)
trial-web web.db --listen "127.0.0.1:$port" 2>web.log &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
i=0
until curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/login"; do
	i=$((i + 1))
	[ $i -lt 200 ] || { echo "trial-web does not answer"; exit 1; }
	sleep 0.05
done

for c in $CLIENTS; do
	eval n=\$N$c
	for way in two one; do
		opt=
		[ $way = two ] || opt=--one-step
		web_load --url "http://127.0.0.1:$port" --users users.txt \
			--register reg-$way-$c.csv --clients $c --total "$n" \
			--seconds 300 --latency lat-$way-$c.txt $opt \
			>sum-$way-$c.txt 2>err-$way-$c.txt || {
			cat sum-$way-$c.txt; head -5 err-$way-$c.txt; exit 1; }
	done
done
# Ten clients enrol and allocate (one step) while, round after round
# until they are done, 50 other clients log in (an Argon2id each, 64 MiB
# and 0.1 s of a core) and enrol one participant each: what a morning's
# logins cost the pages of those already at work.
web_load --url "http://127.0.0.1:$port" --users users.txt \
	--register reg-storm.csv --clients 10 --total "$NSTORM" \
	--seconds 300 --latency lat-storm.txt --one-step \
	>sum-storm.txt 2>err-storm.txt &
lpid=$!
rounds=0
while kill -0 $lpid 2>/dev/null && [ $rounds -lt $NROUNDS ]; do
	rounds=$((rounds + 1))
	web_load --url "http://127.0.0.1:$port" --users users.txt \
		--register reg-login-$rounds.csv --clients 50 --total 50 \
		--seconds 60 --latency lat-login-$rounds.txt --one-step \
		>sum-login-$rounds.txt 2>err-login-$rounds.txt || {
		cat sum-login-$rounds.txt; head -5 err-login-$rounds.txt; exit 1; }
done
wait $lpid || { cat sum-storm.txt; head -5 err-storm.txt; exit 1; }
kill $pid
wait $pid 2>/dev/null || :
trap - EXIT

# The command line, one participant after the other.
: >cli.ms
t_start=$(now)
tail -n +2 regcli.csv | while IFS=, read id site gender by edu level years date; do
	t0=$(now)
	p=$(echo "$id" | trial enrol web.db --site "$site" --id - --set gender="$gender" \
		--set birth_year="$by" --set education="$edu" \
		--set norwegian_level="$level" --set years_in_norway="$years" \
		--set consent_date="$date" --format csv | tail -1 | cut -d, -f1)
	randomizer assign web.db "$p" >/dev/null
	t1=$(now)
	echo "($t1 - $t0) / 1000000" | bc -l >>cli.ms
done
t_cli=$(echo "($(now) - $t_start) / 1000000000" | bc -l)
randomizer verify web.db >/dev/null

# One durable SQLite transaction per row, one process, timed by SQLite's
# own clock (julianday, to the millisecond) between the warm-up and the end.
stamp="SELECT printf('%.3f', (julianday('now') - 2440587.5) * 86400.0);"
{
	echo "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
	echo "CREATE TABLE a(id INTEGER PRIMARY KEY, arm TEXT, position INTEGER);"
	i=1
	while [ $i -le $((NWARM + NSQL)) ]; do
		[ $i -ne $((NWARM + 1)) ] || echo "$stamp"
		echo "INSERT INTO a VALUES ($i, 'control', $i);"
		i=$((i + 1))
	done
	echo "$stamp"
} >ref.sql
# Three runs, the median kept: one run to the next varies on a shared
# machine (fdatasync's cost moves with what else is written).
: >sql.rates
for run in 1 2 3; do
	rm -f ref.db ref.db-wal ref.db-shm
	sqlite3 ref.db <ref.sql | tail -2 >stamps
	[ "$(wc -l <stamps)" -eq 2 ] || { echo "sqlite3 gave no times"; exit 1; }
	echo "$NSQL / ($(sed -n 2p stamps) - $(sed -n 1p stamps))" | bc -l >>sql.rates
done
sql_rate=$(sort -n sql.rates | sed -n 2p)

echo "| path | clients | participants | enrol + allocate: median / p99 | allocate alone: median / p99 | arms per second | all clients logged in |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for way in two one; do
	for c in $CLIENTS; do
		printf '| HTTP (trial-web), %s step%s | %d | %d | %s | %s | %.0f | %.1f s |\n' \
			$way "$([ $way = two ] && echo s)" $c \
			"$(summary sum-$way-$c.txt shown)" \
			"$(awk '{ print $1 }' lat-$way-$c.txt | quantiles)" \
			"$(awk '{ print $2 }' lat-$way-$c.txt | quantiles)" \
			"$(summary sum-$way-$c.txt per_second)" \
			"$(summary sum-$way-$c.txt login_seconds)"
	done
done
printf '| HTTP (trial-web), one step, while 50 others log in (%d logins) | 10 | %d | %s | %s | %.0f | |\n' \
	$((50 * rounds)) "$(summary sum-storm.txt shown)" \
	"$(awk '{ print $1 }' lat-storm.txt | quantiles)" \
	"$(awk '{ print $2 }' lat-storm.txt | quantiles)" \
	"$(summary sum-storm.txt per_second)"
printf '| CLI (trial enrol + randomizer assign) | 1 | %d | %s | | %.0f | |\n' \
	"$NCLI" "$(quantiles <cli.ms)" "$(echo "$NCLI / $t_cli" | bc -l)"
printf '| SQLite: one durable transaction per row, WAL wrapped (median of 3 runs) | 1 | %d | %s | | %.0f | |\n' \
	"$NSQL" "$(printf '%.2f ms each' "$(echo "1000 / $sql_rate" | bc -l)")" \
	"$sql_rate"
echo
for way in two one; do
	for c in $CLIENTS; do
		printf 'HTTP, %s step%s, clients %d: %.2fx below the SQLite floor\n' \
			$way "$([ $way = two ] && echo s)" $c \
			"$(echo "$sql_rate / $(summary sum-$way-$c.txt per_second)" | bc -l)"
	done
done
# Issue 12's goals, at 50 clients: p99 under 50 ms, and throughput
# within 2x of one durable SQLite transaction per allocation.  One step
# is the path that writes once a participant, as the floor; two steps
# write twice (the enrolment, then the allocation), so beside its ratio
# to the floor its ratio to two such transactions is given, no goal.
verdict () { [ "$1" = 1 ] && echo met || echo "NOT met"; }
case " $CLIENTS " in
*" 50 "*)
	echo
	for way in one two; do
		p99=$(awk '{ print $1 }' lat-$way-50.txt | quantiles | sed 's/.* \/ //; s/ ms//')
		ratio=$(echo "$sql_rate / $(summary sum-$way-50.txt per_second)" | bc -l)
		printf 'goal, %s step%s at 50 clients: p99 %.1f ms (under 50 ms: %s)' \
			$way "$([ $way = two ] && echo s)" "$p99" \
			"$(verdict "$(echo "$p99 < 50" | bc)")"
		if [ $way = one ]; then
			printf '; %.2fx below the floor (within 2x: %s)\n' "$ratio" \
				"$(verdict "$(echo "$ratio <= 2" | bc)")"
		else
			printf '; two writes a participant: %.2fx below the floor, %.2fx below two durable transactions\n' \
				"$ratio" "$(echo "$ratio / 2" | bc -l)"
		fi
	done
	;;
esac
