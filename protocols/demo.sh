#!/bin/sh
# make demo: the supported-employment trial end to end, as far as the
# programs go today.  Everything happens in ./demo-trial/, made anew.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
# The programs built with the settable clock (make demo builds them): the
# demo's months pass through RCT_NOW, which the release programs ignore.
PATH="$top/tests/bin:$top/bin:$PATH"
# The test build derives the keys from RCT_TEST_KEYS (trial/keys.c), so
# the demo draws the same arms on every run and prints what the README
# shows (tests/t9100-readme-examples.sh checks it).  A real trial's keys
# are random: bin/ has no such code.
export PATH TZ=UTC RCT_ACTOR=demo RCT_TEST_KEYS=demo
dir="${RCT_DEMO_DIR:-$top/demo-trial}"
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir"
# Paths are relative to where one stands: here, as at the top of a clone.
ln -s "$top/protocols" protocols
out="$dir/.out"

say () { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
# With RCT_DEMO_LOG set, each command and what it printed are appended to
# that file ("$ COMMAND", its output, a line "$$"), for the README test.
logged () {
	cat "$out"
	if [ -n "${RCT_DEMO_LOG:-}" ]; then
		{ printf '$ %s\n' "$1" && cat "$out" && echo '$$'; } >>"$RCT_DEMO_LOG"
	fi
}
# Run a command given as one string (shown as written: quotes, pipes), or
# as words (run trial info se.db); it must succeed.
do_cmd () {
	if [ $# -eq 1 ]; then eval "$1"; else "$@"; fi
}
run () {
	say "$*"
	do_cmd "$@" >"$out" 2>&1 || { cat "$out"; exit 1; }
	logged "$*"
}
# The same for a command that must fail, as bad input does.
fails () {
	say "$*"
	if do_cmd "$@" >"$out" 2>&1; then cat "$out"; echo "(it should have failed)"; exit 1; fi
	logged "$*"
	echo "(exit 2: nothing was written)"
}

echo "The supported-employment trial (protocols/supported-employment.ini):"
echo "refugees randomized 1:1 to a job specialist or usual follow-up, in"
echo "permuted blocks within site x gender, at five NAV offices."

export RCT_NOW=2026-01-05T09:00:00Z
echo "init prints the fingerprint for the trial registration, and writes the"
echo "linkage key (which opens identity numbers) apart, for the linkage officer."
run 'trial init se.db --protocol protocols/supported-employment.ini'
fingerprint=$(trial info se.db --format csv | awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "fingerprint") c = i } NR == 2 { print $c }')
mkdir -p officer && chmod 700 officer && mv se.linkage.key officer/
run 'trial site add se.db 0301 --name "NAV Grünerløkka, Oslo" --target 40'
run 'trial site add se.db 4601 --name "NAV Bergen nord" --target 30'
run 'trial site add se.db 5001 --name "NAV Trondheim" --target 20'
run 'trial site add se.db 1103 --name "NAV Stavanger" --target 20'
run 'trial site add se.db 3005 --name "NAV Drammen" --target 15'

echo
echo "Site staff send their recruitment registers (CSV, one row per person)."
gen_register --rows 400 --seed 2026 --year 2026 >register.csv
head -4 register.csv

export RCT_NOW=2026-10-15T10:00:00Z
# A register with typing errors: the whole file is refused, every bad row named.
{
	head -1 register.csv
	sed -n 2,3p register.csv
	echo "01019012345,0301,male,1990,primary,A1,2,2026-01-04"
	sed -n 4p register.csv | sed 's/,\(female\|male\),/,K,/'
	sed -n 5p register.csv | sed 's/,[0-9]*,\(20[0-9-]*\)$/,3,2027-01-01/'
} >register-with-errors.csv
fails 'trial import se.db register-with-errors.csv'

run 'trial import se.db register.csv'

echo
echo "The same register again is no change; a row with another value names"
echo "its column, and the correction is a command of its own:"
{
	head -1 register.csv
	sed -n 3p register.csv | awk -F, -v OFS=, '{ $5 = $5 == "higher" ? "primary" : "higher"; print }'
} >again.csv
fails 'trial import se.db again.csv'
echo "A spreadsheet that took the columns for numbers dropped leading zeros:"
{
	head -1 register.csv
	sed -n 2p register.csv
	sed -n 3p register.csv | sed 's/^\([0-9]*\),0301,/\1,301,/'
	sed -n 5p register.csv
	sed -n 4p register.csv | sed 's/^0//'
} >register-from-excel.csv
fails 'trial import se.db register-from-excel.csv'

echo
echo "A participant who arrives later is enrolled at the desk; the identity"
echo "number is read from standard input so it stays out of the shell history."
run 'echo 11057523044 | trial enrol se.db --site 0301 --id - --set gender=female --set birth_year=1988 --set education=primary --set norwegian_level=A2 --set norwegian_level_source=test --set years_in_norway=4 --set consent_date=2026-10-14'

run 'trial status se.db'

echo
echo "Allocation: the new arrival first, then everyone waiting.  Arms are"
echo "printed only after the allocation and its audit entry are committed."
run 'randomizer assign se.db P000401'
run 'randomizer assign se.db --pending | head -4'
run 'trial withdraw se.db P000017 --reason "moved to another municipality"'
run 'trial exit se.db P000023 --reason paid_work --date 2026-10-01'
echo
echo "Mistakes are put right as audited corrections with a reason:"
run 'trial withdraw se.db P000017 --undo --reason "it was P000071 who moved"'
run 'trial withdraw se.db P000071 --reason "moved to another municipality"'
run 'trial exit se.db P000023 --undo --reason "entered for the wrong participant"'
run 'trial exit se.db P000032 --reason paid_work --date 2026-10-01'
run 'trial site add se.db 3020 --name "NAV Asker"'
run 'trial site rename se.db 3020 3203 --reason "Asker is 3203 since 2024"'
run 'trial site remove se.db 3203 --reason "will not recruit after all"'
run 'trial correct se.db P000017 --set education=higher --reason "diploma found"'
run 'trial site list se.db'
run 'trial list se.db --site 5001 | head -8'
run 'trial export se.db --format csv | head -4'
run 'trial info se.db'
echo
echo "The researcher adds the users of the web service: site staff see"
echo "only their own sites."
run 'trial user add se.db kari.nordmann --role staff --site 0301'
run 'trial user list se.db'

echo
echo "Publish the signed head; anyone can later check the store against it."
run 'randomizer log se.db --head'
run 'randomizer log se.db --head > head-2026-10.txt'
run 'randomizer verify se.db --head head-2026-10.txt'
echo "Against the fingerprint of the registration, a store rewritten with"
echo "fresh keys would fail; this one is the trial registered:"
run "randomizer verify se.db --fingerprint $fingerprint"
echo "The checkpoint of the log as a Merkle tree, for witnesses:"
run 'randomizer log se.db --checkpoint'
run 'trial export se.db --blind --format csv | cut -d, -f1,2,17 | head -4'

echo
echo "Someone edits an arm in a copy of the store with sqlite3:"
cp se.db tampered.db && cp -rp se.keys tampered.keys
sqlite3 tampered.db "UPDATE allocation SET arm = 'treatment' WHERE arm = 'control' AND participant = (SELECT min(participant) FROM allocation WHERE arm = 'control')"
say "randomizer verify tampered.db"
randomizer verify tampered.db || echo "(exit $?: tampering found)"

echo
echo "Twelve months on, the registers give the outcomes (here simulated from"
echo "the export: work or education, earnings; some missing, as in life)."
export RCT_NOW=2027-11-01T10:00:00Z
trial export se.db --format csv | awk -F, 'BEGIN { srand(2026); print "participant,outcome,value" }
	NR == 1 { for (i = 1; i <= NF; i++) if ($i == "arm") a = i; next }
	$a != "" { t = $a == "treatment"
		if (rand() < 0.9) print $1 ",employed_or_education_12m," (rand() < 0.40 + 0.15 * t ? 1 : 0)
		if (rand() < 0.85) printf "%s,earnings_12m,%d\n", $1, int(rand() < 0.3 ? 0 : 60000 + 50000 * t + 150000 * rand())
		print $1 ",took_up," (t ? (rand() < 0.85 ? 1 : 0) : (rand() < 0.05 ? 1 : 0)) }' \
	>outcomes.csv
run 'trial outcome import se.db outcomes.csv'
echo
echo "Each site also reports its screening: how many it assessed and why"
echo "those not enrolled were excluded (counts, never persons)."
run 'trial screen se.db --site 0301 --month 2026-09 --screened 121 --excluded "not eligible=24" --excluded "declined=9"'
for s in 4601 5001 1103 3005; do
	trial screen se.db --site "$s" --month 2026-09 --screened 104 \
		--excluded "not eligible=15" --excluded "declined=7" >/dev/null
done
run 'analysis pilot se.db'

echo
echo "The analysis: baseline balance, the protocol's pre-specified effects,"
echo "attrition with Lee bounds, randomization inference that re-runs the"
echo "trial's own allocation, the CONSORT flow and one report page."
run 'analysis balance se.db | head -8'
run 'analysis effects se.db'
run 'analysis attrition se.db --outcome earnings_12m'
run 'analysis subgroups se.db --by gender --outcome earnings_12m'
run 'analysis ri se.db --draws 2000'
run 'analysis effects se.db --estimator iv --outcome earnings_12m'
run 'analysis consort se.db --svg consort.svg'
run 'analysis report se.db --html report.html'

echo
echo "Site staff enrol through the web service (trial-web), the one process"
echo "that reads the keys: a login, the one-time password changed, the form,"
echo "and the arm once it is stored.  Here on loopback, driven by curl."
trial user add se.db kari --role staff --site 0301 >kari.txt
otp=$(sed -n 's/^one-time password: //p' kari.txt)
trial-web se.db --listen 127.0.0.1:0 2>web.log &
web=$!
i=0
until grep -q "listening on" web.log || [ $i -ge 100 ]; do sleep 0.1; i=$((i + 1)); done
url=$(sed -n 's/^trial-web: listening on //p' web.log)
# POST PATH FIELDS...: with the csrf of the page fetched before.
post () {
	p=$1; shift
	csrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' page.html | head -1)
	curl -s -b jar -c jar -o page.html -w "%{redirect_url}" \
		--data-urlencode "csrf=$csrf" "$@" "$url$p" >location
	echo "POST $p -> $(sed "s|$url||" location)"
}
curl -s -b jar -c jar -o page.html "$url/login"
post /login -d user=kari --data-urlencode "password=$otp"
curl -s -b jar -c jar -o page.html "$url/password"
post /password --data-urlencode "old=$otp" -d new=demo-password-kari -d confirm=demo-password-kari
curl -s -b jar -c jar -o page.html "$url/enrol?site=0301"
post /enrol -d site=0301 -d id_number=01018010018 -d gender=female \
	-d birth_year=1980 -d education=upper_secondary -d norwegian_level=B1 \
	-d years_in_norway=4 -d consent_date=2027-10-20
pid=$(sed 's|.*/participant/||' location)
curl -s -b jar -c jar -o page.html "$url/participant/$pid"
post /allocate -d "participant=$pid"
curl -s -b jar -c jar -o page.html "$url/participant/$pid"
echo "$pid: arm $(sed -n 's|.*<dd id="arm">\(.*\)</dd>.*|\1|p' page.html)"
curl -s -b jar -c jar -o receipt.txt "$url/participant/$pid/receipt"
run randomizer verify-receipt receipt.txt --fingerprint "$fingerprint"
echo "The form's second button, Enrol and allocate: one write, the arm at once."
curl -s -b jar -c jar -o page.html "$url/enrol?site=0301"
post /enrol -d site=0301 -d id_number=01018012533 -d gender=male \
	-d birth_year=1980 -d education=primary -d norwegian_level=A2 \
	-d years_in_norway=2 -d consent_date=2027-10-20 -d then=allocate
# It sends back to the form, the participant just allocated above it.
pid=$(sed 's|.*/enrol?allocated=||' location)
curl -s -b jar -c jar -o page.html "$url/enrol?allocated=$pid"
echo "$pid: arm $(sed -n 's|.*<dd id="arm">\(.*\)</dd>.*|\1|p' page.html), the form for the next one below it"
kill -TERM $web && wait $web
echo "The server's log: one line per request, naming no one:"
tail -4 web.log

echo
echo "After the trial the secret is revealed and anyone can replay every draw."
run 'randomizer reveal se.db --yes'
run 'randomizer verify se.db --replay'
echo "The linkage officer, and only they, writes the file for register linkage:"
run 'trial linkage export se.db --key officer/se.linkage.key --out officer/linkage.csv'
echo
echo "Does the design behave as promised?  A thousand simulated trials:"
run 'randomizer simulate --protocol protocols/supported-employment.ini --trials 1000'

echo
echo "The store holds no identity number in clear:"
say "grep 11057523044 se.db"
if grep -q 11057523044 se.db; then echo "found (this is a bug)"; else echo "not found"; fi
echo
echo "Demo trial in $dir"
