#!/bin/sh
# Every example output in the README is what the demo prints: each block
# marked "<!-- example: NAME -->" holds commands ("$ COMMAND", continued
# over lines ending in "\", an end-of-line "# comment" ignored) and what
# each prints.  The demo (protocols/demo.sh, keys from RCT_TEST_KEYS in
# the test build, so its arms are the same on every run) logs each of its
# commands and their output; each README command must be one of them, and
# print exactly what the README shows.  Only what is random by design is
# normalised: a one-time password, and the shares of a line that shows a
# simulated share with its standard error.  A line "..." in the README stands for lines left out.
. "$(dirname "$0")/lib.sh"

# The examples of README $1 as files ex.N.name, ex.N.K.cmd, ex.N.K.exp.
examples () {
	awk '
	function flush() {
		if (cmd == "") return
		sub(/[ \t]+# .*$/, "", cmd)
		printf "%s\n", cmd >(f ".cmd"); close(f ".cmd")
		printf "%s", out >(f ".exp"); close(f ".exp")
		cmd = ""; out = ""
	}
	/^<!-- example: [a-z0-9-]+ -->$/ {
		flush(); n++; k = 0; name = $3; on = 1; seen = 0
		print name >("ex." n ".name"); close("ex." n ".name"); next
	}
	on && /^    / { seen = 1 }
	on && seen && $0 !~ /^    / && $0 != "" { flush(); on = 0 }
	on && seen {
		line = substr($0, 5)
		if (cont) {
			sub(/^[ \t]+/, "", line); cmd = cmd " " line
		} else if (line ~ /^\$ /) {
			flush(); k++; f = "ex." n "." k; cmd = substr(line, 3)
		} else if (cmd != "") {
			out = out line "\n"
		}
		cont = cmd != "" && cmd ~ /\\$/
		if (cont) sub(/[ \t]*\\$/, "", cmd)
	}
	END { flush() }' "$1"
}

# What the demo printed for command $1 (its first run), from log $2.
printed () {
	awk -v c="$1" '
	$0 == "$ " c && !done { on = 1; found = 1; next }
	on && $0 == "$$" { on = 0; done = 1 }
	on { print }
	END { exit !found }' "$2"
}

# Normalise what is random by design; drop trailing blank lines.
normal () {
	sed -e "s/one-time password: [a-z0-9-]*/one-time password: <otp>/" \
		-e "/(se [0-9.]*%)/s/[0-9][0-9.]*%/<share>/g" "$1" |
	awk '{ l[NR] = $0 } END { n = NR; while (n > 0 && l[n] == "") n--; for (i = 1; i <= n; i++) print l[i] }'
}

# Expected file $1 against actual $2: equal, or with "..." lines left out.
same () {
	normal "$1" >n.exp && normal "$2" >n.act &&
	awk '
	FNR == NR { e[++ne] = $0; if ($0 == "...") dots = ne; next }
	{ a[++na] = $0 }
	END {
		if (!dots) { if (ne != na) exit 1; for (i = 1; i <= ne; i++) if (e[i] != a[i]) exit 1; exit 0 }
		if (na < ne - 1) exit 1
		for (i = 1; i < dots; i++) if (e[i] != a[i]) exit 1
		for (i = ne; i > dots; i--) if (e[i] != a[na - (ne - i)]) exit 1
	}' n.exp n.act || { diff -u n.exp n.act; return 1; }
}

# Check every example of README $1 against demo log $2.
check () {
	rm -f ex.* && examples "$1" &&
	test -f ex.1.name &&
	for cf in ex.*.cmd; do
		n=${cf#ex.}; n=${n%%.*}
		c=$(cat "$cf")
		if ! printed "$c" "$2" >act; then
			echo "README example $(cat "ex.$n.name"): the demo does not run '$c'"
			return 1
		fi
		same "${cf%.cmd}.exp" act ||
			{ echo "README example $(cat "ex.$n.name"): '$c' prints otherwise"; return 1; }
	done
}

test_expect_success 'the demo runs, its commands logged' '
	RCT_DEMO_DIR="$SCRATCH/demo" RCT_DEMO_LOG="$SCRATCH/demo.log" \
		sh "$TEST_ROOT/protocols/demo.sh" >demo.out 2>&1 &&
	grep -c "^\\\$\\\$\$" demo.log >count &&
	test $(cat count) -gt 40
'

test_expect_success 'every marked README example prints what the README shows' '
	check "$TEST_ROOT/README.md" demo.log &&
	test $(ls ex.*.cmd | wc -l) -gt 20
'

test_expect_success 'a changed line, a lost line or an unknown command is found' '
	sed "0,/^    added      400\$/s//    added      399/" "$TEST_ROOT/README.md" >changed.md &&
	! check changed.md demo.log >out &&
	grep "README example import: .trial import se.db register.csv. prints otherwise" out &&
	sed "0,/^    participant  P000401\$/{//d}" "$TEST_ROOT/README.md" >changed.md &&
	! check changed.md demo.log >out &&
	grep "prints otherwise" out &&
	sed "0,/^    \\\$ trial status se.db\$/s//    $ trial status se.db --site 9999/" "$TEST_ROOT/README.md" >changed.md &&
	! check changed.md demo.log >out &&
	grep "the demo does not run .trial status se.db --site 9999." out
'

test_done
