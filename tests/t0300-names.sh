#!/bin/sh
# Names (issue 15): every public function is named for the header, and so
# the file, that holds it, and every _free a header declares is tried on
# NULL by tests/unit/test_lifecycle.c (a _free takes NULL as a no-op; the
# _release of a caller-owned struct takes a zeroed one).
#
# The rule (STYLE.md "rct_<module>_<verb>", issue 15): a function declared
# in a header is public, and its name carries the prefix of that header, so
# that the name says which file holds it:
#   lib/ trial/ randomizer/ analysis/ X.h or X_internal.h:  rct_X_... or rct_X
#   cmds.h (trial/ randomizer/ analysis/):  cmd_...  (the command table)
#   web/pages.h:  page_...  (the route handlers);  other web/ headers:  web_...
# Two headers take another prefix, each for a reason:
#   lib/csvio.h            rct_csv_  the module is named for the format it
#                          reads; a csv.h would shadow libcsv's <csv.h>
#   analysis/cmd_common.h  rct_cmd_  the helpers the analysis cmd_*.c files
#                          share, named for that layer as cmds.h is cmd_
#
# The same check runs outside the suite as /work/rename/check-prefix.sh,
# and /work/rename/rename.sh gives old names their prefix in any tree.
. "$(dirname "$0")/lib.sh"

# names_list ROOT: "header name" for every function that a header of ROOT's
# lib/ trial/ randomizer/ analysis/ web/ declares (or defines inline) at file
# scope.  Comments, preprocessor lines and literals are dropped; statements
# end at ';' or at a body's '{' at brace depth 0; one that is not a typedef
# declares a function when an identifier is followed by '(' (attributes
# removed first).
names_list () {
	(cd "$1" && ls lib/*.h trial/*.h randomizer/*.h analysis/*.h web/*.h \
	    2>/dev/null | xargs awk '
	function flush(   s, name) {
		s = stmt
		stmt = ""
		if (s ~ /^[ \t]*typedef[ \t]/)
			return
		gsub(/__attribute__[ \t]*\(\(.*\)\)/, "", s)
		if (match(s, /[A-Za-z_][A-Za-z0-9_]*[ \t]*\(/)) {
			name = substr(s, RSTART, RLENGTH)
			sub(/[ \t]*\($/, "", name)
			if (name != "sizeof")
				print FILENAME, name
		}
	}
	FNR == 1 { incomment = 0; cont = 0; depth = 0; stmt = "" }
	{
		line = $0
		n = length(line)
		if (cont || (!incomment && line ~ /^[ \t]*#/)) {
			cont = (line ~ /\\$/)
			next
		}
		for (i = 1; i <= n; i++) {
			c = substr(line, i, 1)
			c2 = substr(line, i, 2)
			if (incomment) {
				if (c2 == "*/") { incomment = 0; i++ }
				continue
			}
			if (c2 == "/*") { incomment = 1; i++; continue }
			if (c2 == "//")
				break
			if (c == "\"" || c == "\047") {
				for (i++; i <= n && substr(line, i, 1) != c; i++)
					if (substr(line, i, 1) == "\\")
						i++
				continue
			}
			if (c == "{") {
				if (depth == 0)
					flush()
				depth++
			} else if (c == "}") {
				if (--depth == 0)
					stmt = ""
			} else if (depth == 0) {
				if (c == ";")
					flush()
				else
					stmt = stmt c
			}
		}
		if (depth == 0)
			stmt = stmt " "
	}')
}

# names_check: read names_list lines, print "header: name (expected P_)"
# for each name without its header's prefix P (the rule above).
names_check () {
	awk '
	BEGIN {
		prefix["lib/csvio.h"] = "rct_csv"
		prefix["analysis/cmd_common.h"] = "rct_cmd"
	}
	{
		hdr = $1
		name = $2
		base = hdr
		sub(/.*\//, "", base)
		sub(/\.h$/, "", base)
		sub(/_internal$/, "", base)
		if (base == "cmds")
			want = "cmd"
		else if (hdr ~ /^web\// && base == "pages")
			want = "page"
		else if (hdr ~ /^web\//)
			want = "web"
		else if (hdr in prefix)
			want = prefix[hdr]
		else
			want = "rct_" base
		if (name != want && index(name, want "_") != 1)
			print hdr ": " name " (expected " want "_)"
	}'
}

test_expect_success 'the lister finds the declarations of a header, and no more' '
	mkdir -p fake/lib &&
	cat >fake/lib/demo.h <<-\HDR &&
	/* rct_demo_not(void) in a comment; and
	 * rct_demo_nor(int) in a longer one */
	#define RCT_DEMO_MAX(a, b) ((a) > (b) ? (a) : (b))
	#define RCT_DEMO_LONG(x) \
		rct_demo_macro(x)
	typedef int (*rct_demo_fn)(int);
	struct rct_demo {
		int (*callback)(int);
		char name[sizeof(int)];
	};
	enum rct_demo_kind { RCT_DEMO_A, RCT_DEMO_B };
	int rct_demo_open(struct rct_demo *d, const char *s);
	const char *
	rct_demo_name(enum rct_demo_kind k);
	void rct_demo_warn(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));
	static inline int
	rct_demo_twice(int x)
	{
		return x * 2;
	}
	extern const char *rct_demo_brace; /* "{" or "(" */
	demo_wrong(void);
	HDR
	names_list fake >actual &&
	cat >expect <<-\EXP &&
	lib/demo.h rct_demo_open
	lib/demo.h rct_demo_name
	lib/demo.h rct_demo_warn
	lib/demo.h rct_demo_twice
	lib/demo.h demo_wrong
	EXP
	test_cmp expect actual
'

test_expect_success 'the check names a function without its prefix, and only that' '
	mkdir -p fake/trial fake/web &&
	printf "int rct_store_open(void);\nint rct_store(void);\n" >fake/trial/store.h &&
	printf "int rct_storex_open(void);\nint rct_open(void);\n" >>fake/trial/store.h &&
	printf "int rct_schema_upgrade(void);\nint rct_store_exec(void);\n" \
		>fake/trial/store_internal.h &&
	printf "int cmd_init(void);\nint rct_init(void);\n" >fake/trial/cmds.h &&
	printf "int web_esc(void);\nint page_home(void);\n" >fake/web/html.h &&
	names_list fake | names_check >actual &&
	cat >expect <<-\EXP &&
	lib/demo.h: demo_wrong (expected rct_demo_)
	trial/cmds.h: rct_init (expected cmd_)
	trial/store.h: rct_storex_open (expected rct_store_)
	trial/store.h: rct_open (expected rct_store_)
	trial/store_internal.h: rct_schema_upgrade (expected rct_store_)
	web/html.h: page_home (expected web_)
	EXP
	test_cmp expect actual
'

test_expect_success 'every public function carries its header prefix' '
	names_list "$TEST_ROOT" >functions &&
	test $(wc -l <functions) -gt 500 &&
	grep -qx "trial/store.h rct_store_open" functions &&
	grep -qx "lib/error.h rct_error" functions &&
	names_check <functions >bad &&
	test_cmp /dev/null bad
'

test_expect_success 'every _free a header declares is tried on NULL' '
	awk "\$2 ~ /_free\$/ { print \$2 }" functions | sort -u >frees &&
	test $(wc -l <frees) -gt 10 &&
	for f in $(cat frees)
	do
		grep -q "^	$f(NULL[,)]" "$TEST_ROOT/tests/unit/test_lifecycle.c" ||
		{ echo "$f(NULL) is not in test_lifecycle.c"; return 1; }
	done
'

test_expect_success 'every _release of a caller-owned struct is tried on a zeroed one' '
	grep -h "^void rct_[a-z0-9_]*_release(struct [a-z0-9_]* \*[a-z]*);" \
		"$TEST_ROOT"/lib/*.h "$TEST_ROOT"/trial/*.h \
		"$TEST_ROOT"/randomizer/*.h "$TEST_ROOT"/analysis/*.h |
		sed "s/^void \([a-z0-9_]*\)(.*/\1/" | sort -u >releases &&
	test $(wc -l <releases) -gt 10 &&
	for f in $(cat releases)
	do
		grep -q "RELEASE_ZEROED(struct [a-z0-9_]*, $f);" \
			"$TEST_ROOT/tests/unit/test_lifecycle.c" ||
		{ echo "$f is not in test_lifecycle.c"; return 1; }
	done
'

test_done
