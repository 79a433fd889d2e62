# The trial toolkit: one non-recursive Makefile (STYLE.md).
#   make            build bin/trial, bin/randomizer, bin/analysis, bin/trial-web
#   make demo       an example trial end to end
#   make test       unit and end-to-end tests
#   make bench      side-by-side benchmarks (bench/)
#   make stress     kill -9 at random, a minute of concurrency (tests/stress)
#   make stress-web the web service alone under load and kill -9
#   make tsan-web   the web service under load, built with ThreadSanitizer
#   make fuzz       libFuzzer on the readers and parsers (fuzz/)
#   make valgrind   the end-to-end suite under valgrind memcheck
#   make lint       clang-format and cppcheck
#   make install    programs and man pages under PREFIX
#   make SANITIZE=1 with AddressSanitizer and UBSan
#   make SANITIZE=thread with ThreadSanitizer (make tsan-web uses it)

PREFIX ?= /usr/local
SUDO = $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CC ?= cc
CFLAGS ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror \
	-MMD -MP -Ilib -Itrial -Irandomizer -Ianalysis -Iweb $(CFLAGS)
LDLIBS = -pthread -lsqlite3 -lsodium -lcsv -linih -lgsl -lgslcblas \
	-lreadstat -lxlsxwriter -lmicrohttpd -lcurl -lm
ifeq ($(SANITIZE),1)
ALL_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all
LDFLAGS += -fsanitize=address,undefined
endif
ifneq ($(filter-out 1 thread,$(SANITIZE)),)
$(error SANITIZE=$(SANITIZE): expected 1 (AddressSanitizer and UBSan) or thread)
endif
ifeq ($(SANITIZE),thread)
ALL_CFLAGS += -fsanitize=thread -fno-omit-frame-pointer
LDFLAGS += -fsanitize=thread
endif

CORE_OBJS =
CORE_OBJS += analysis/attrition.o
CORE_OBJS += analysis/attrition_table.o
CORE_OBJS += analysis/balance.o
CORE_OBJS += analysis/balance_table.o
CORE_OBJS += analysis/columns.o
CORE_OBJS += analysis/consort.o
CORE_OBJS += analysis/consort_svg.o
CORE_OBJS += analysis/consort_table.o
CORE_OBJS += analysis/dataset.o
CORE_OBJS += analysis/defaults.o
CORE_OBJS += analysis/diagnose.o
CORE_OBJS += analysis/diagnose_report.o
CORE_OBJS += analysis/effects.o
CORE_OBJS += analysis/effects_plan.o
CORE_OBJS += analysis/forest.o
CORE_OBJS += analysis/multiplicity.o
CORE_OBJS += analysis/ols.o
CORE_OBJS += analysis/pilot.o
CORE_OBJS += analysis/pilot_tables.o
CORE_OBJS += analysis/power.o
CORE_OBJS += analysis/power_plan.o
CORE_OBJS += analysis/ri.o
CORE_OBJS += analysis/ri_store.o
CORE_OBJS += analysis/ri_table.o
CORE_OBJS += analysis/rss.o
CORE_OBJS += analysis/store_data.o
CORE_OBJS += analysis/subgroups.o
CORE_OBJS += analysis/suppress.o
CORE_OBJS += analysis/table1.o
CORE_OBJS += analysis/table1_table.o
CORE_OBJS += analysis/wild.o
CORE_OBJS += lib/buf.o
CORE_OBJS += lib/cli.o
CORE_OBJS += lib/csvio.o
CORE_OBJS += lib/error.o
CORE_OBJS += lib/json.o
CORE_OBJS += lib/merkle.o
CORE_OBJS += lib/note.o
CORE_OBJS += lib/outfile.o
CORE_OBJS += lib/statfile.o
CORE_OBJS += lib/intern.o
CORE_OBJS += lib/parallel.o
CORE_OBJS += lib/table.o
CORE_OBJS += lib/stream.o
CORE_OBJS += lib/text.o
CORE_OBJS += lib/xlsx.o
CORE_OBJS += randomizer/alloc.o
CORE_OBJS += randomizer/assign.o
CORE_OBJS += randomizer/block_memo.o
CORE_OBJS += randomizer/conceal.o
CORE_OBJS += randomizer/logged.o
CORE_OBJS += randomizer/redraw.o
CORE_OBJS += randomizer/replay.o
CORE_OBJS += randomizer/predict.o
CORE_OBJS += randomizer/simulate.o
CORE_OBJS += randomizer/witness.o
CORE_OBJS += randomizer/witness_http.o
CORE_OBJS += randomizer/witness_client.o
CORE_OBJS += trial/allocation.o
CORE_OBJS += trial/amend.o
CORE_OBJS += trial/audit.o
CORE_OBJS += trial/batch.o
CORE_OBJS += trial/checkpoint.o
CORE_OBJS += trial/concealed.o
CORE_OBJS += trial/correct.o
CORE_OBJS += trial/cover.o
CORE_OBJS += trial/digest.o
CORE_OBJS += trial/fingerprint.o
CORE_OBJS += trial/followup.o
CORE_OBJS += trial/identity.o
CORE_OBJS += trial/keys.o
CORE_OBJS += trial/linkage.o
CORE_OBJS += trial/methods.o
CORE_OBJS += trial/outcome.o
CORE_OBJS += trial/participant.o
CORE_OBJS += trial/proofs.o
CORE_OBJS += trial/protocol.o
CORE_OBJS += trial/protocol_check.o
CORE_OBJS += trial/receipt.o
CORE_OBJS += trial/receipt_check.o
CORE_OBJS += trial/receipt_memo.o
CORE_OBJS += trial/register.o
CORE_OBJS += trial/report.o
CORE_OBJS += trial/schema.o
CORE_OBJS += trial/screening.o
CORE_OBJS += trial/session.o
CORE_OBJS += trial/site.o
CORE_OBJS += trial/store.o
CORE_OBJS += trial/store_sql.o
CORE_OBJS += trial/store_checkpointer.o
CORE_OBJS += trial/store_sync.o
CORE_OBJS += trial/user.o
CORE_OBJS += trial/wake.o
CORE_OBJS += trial/user_cover.o
CORE_OBJS += trial/user_session.o
CORE_OBJS += trial/verify.o

TRIAL_OBJS =
TRIAL_OBJS += trial/cmd_amend.o
TRIAL_OBJS += trial/cmd_common.o
TRIAL_OBJS += trial/cmd_correct.o
TRIAL_OBJS += trial/cmd_enrol.o
TRIAL_OBJS += trial/cmd_followup.o
TRIAL_OBJS += trial/cmd_import.o
TRIAL_OBJS += trial/cmd_init.o
TRIAL_OBJS += trial/cmd_linkage.o
TRIAL_OBJS += trial/cmd_outcome_import.o
TRIAL_OBJS += trial/cmd_report.o
TRIAL_OBJS += trial/cmd_screen.o
TRIAL_OBJS += trial/cmd_site_add.o
TRIAL_OBJS += trial/cmd_user.o
TRIAL_OBJS += trial/main.o

RANDOMIZER_OBJS =
RANDOMIZER_OBJS += randomizer/cmd_assign.o
RANDOMIZER_OBJS += randomizer/cmd_cosign.o
RANDOMIZER_OBJS += randomizer/cmd_log.o
RANDOMIZER_OBJS += randomizer/cmd_receipt.o
RANDOMIZER_OBJS += randomizer/cmd_lottery.o
RANDOMIZER_OBJS += randomizer/cmd_reveal.o
RANDOMIZER_OBJS += randomizer/cmd_simulate.o
RANDOMIZER_OBJS += randomizer/cmd_verify.o
RANDOMIZER_OBJS += randomizer/cmd_witness.o
RANDOMIZER_OBJS += randomizer/main.o

ANALYSIS_OBJS =
ANALYSIS_OBJS += analysis/cmd_attrition.o
ANALYSIS_OBJS += analysis/cmd_balance.o
ANALYSIS_OBJS += analysis/cmd_common.o
ANALYSIS_OBJS += analysis/cmd_consort.o
ANALYSIS_OBJS += analysis/cmd_diagnose.o
ANALYSIS_OBJS += analysis/cmd_effects.o
ANALYSIS_OBJS += analysis/cmd_pilot.o
ANALYSIS_OBJS += analysis/cmd_power.o
ANALYSIS_OBJS += analysis/cmd_report.o
ANALYSIS_OBJS += analysis/cmd_ri.o
ANALYSIS_OBJS += analysis/cmd_subgroups.o
ANALYSIS_OBJS += analysis/cmd_table1.o
ANALYSIS_OBJS += analysis/main.o

# The web service (web/): its library files, then main.c with the options.
WEB_OBJS =
WEB_OBJS += web/form.o
WEB_OBJS += web/hasher.o
WEB_OBJS += web/html.o
WEB_OBJS += web/i18n.o
WEB_OBJS += web/page_auth.o
WEB_OBJS += web/page_followup.o
WEB_OBJS += web/page_staff.o
WEB_OBJS += web/page_team.o
WEB_OBJS += web/routes.o
WEB_OBJS += web/server.o
WEB_OBJS += web/upload.o
WEB_OBJS += web/main.o

PROGRAMS = bin/trial bin/randomizer bin/analysis bin/trial-web \
	bin/gen_register bin/gen_analysis

all: $(PROGRAMS)

# make test and make demo run programs built with a settable clock and
# actor (RCT_NOW, RCT_ACTOR: lib/text.c, trial/audit.c), so that a trial's
# months pass in seconds, and keys derived from RCT_TEST_KEYS
# (trial/keys.c), so that the README's examples repeat; bin/ and make
# install never have that code.
# Only the objects that read the clock or the actor are built twice, under
# tests/bin/obj/ (and trial/user.o, whose test build can slow each check
# of a password by RCT_TEST_HASH_DELAY_MS); tests/lib.sh and
# protocols/demo.sh put tests/bin first on PATH.
CLOCK_OBJS =
CLOCK_OBJS += lib/text.o
CLOCK_OBJS += trial/audit.o
CLOCK_OBJS += trial/keys.o
CLOCK_OBJS += trial/user.o

TEST_CORE_OBJS = $(filter-out $(CLOCK_OBJS),$(CORE_OBJS)) \
	$(addprefix tests/bin/obj/,$(CLOCK_OBJS))
TEST_PROGRAMS = tests/bin/trial tests/bin/randomizer tests/bin/analysis \
	tests/bin/trial-web

tests/bin/obj/%.o: %.c $(FLAGS_FILE)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC $< (test clock)")
	$(Q)$(CC) $(ALL_CFLAGS) -DRCT_TEST_CLOCK -c -o $@ $<

tests/bin/core.a: $(TEST_CORE_OBJS)
	@mkdir -p tests/bin
	$(Q)rm -f $@ && ar rcs $@ $^

tests/bin/trial: $(TRIAL_OBJS) tests/bin/core.a
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

tests/bin/randomizer: $(RANDOMIZER_OBJS) tests/bin/core.a
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

tests/bin/analysis: $(ANALYSIS_OBJS) tests/bin/core.a
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

tests/bin/trial-web: $(WEB_OBJS) tests/bin/core.a
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

bin/core.a: $(CORE_OBJS)
	@mkdir -p bin
	$(Q)rm -f $@ && ar rcs $@ $^

bin/trial: $(TRIAL_OBJS) bin/core.a
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

bin/randomizer: $(RANDOMIZER_OBJS) bin/core.a
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

bin/analysis: $(ANALYSIS_OBJS) bin/core.a
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

bin/trial-web: $(WEB_OBJS) bin/core.a
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# V=1 shows the whole commands.
ifneq ($(V),1)
Q = @
endif

# Every object depends on the flags it was built with (as git's
# GIT-CFLAGS): make SANITIZE=1 after a plain build rebuilds everything
# instead of linking plain objects into a "sanitized" program.
FLAGS_FILE = .build-flags
FLAGS_NOW = $(CC) $(ALL_CFLAGS) $(LDFLAGS) $(LDLIBS)
$(FLAGS_FILE): FORCE
	@if [ "$$(cat $@ 2>/dev/null)" != '$(FLAGS_NOW)' ]; then \
		echo '$(FLAGS_NOW)' >$@; fi
FORCE:

%.o: %.c $(FLAGS_FILE)
	@$(if $(Q),echo "  CC $<")
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

SOURCES = $(wildcard lib/*.[ch] trial/*.[ch] randomizer/*.[ch] \
	analysis/*.[ch] web/*.[ch] bench/*.c tests/unit/*.[ch] fuzz/*.[ch] tests/fuzz/*.c \
	tests/tools/*.c)

# make lint: the house style (.clang-format) and cppcheck; make format fixes
# the style in place.
lint:
	@$(MAKE) --no-print-directory deps DEB_PACKAGES="clang-format cppcheck"
	clang-format --dry-run -Werror $(SOURCES)
	cppcheck --quiet --enable=warning,portability,performance --std=c11 \
		--error-exitcode=1 --suppress=missingIncludeSystem \
		-Ilib -Itrial -Irandomizer -Ianalysis -Iweb $(SOURCES)

format:
	clang-format -i $(SOURCES)

MANPAGES = trial/trial.1 randomizer/randomizer.1 analysis/analysis.1 \
	web/trial-web.1

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(filter-out bin/gen_%,$(PROGRAMS)) \
		$(DESTDIR)$(PREFIX)/bin
	install -m 644 $(MANPAGES) $(DESTDIR)$(PREFIX)/share/man/man1

clean:
	rm -rf bin tests/bin .build-flags
	find . -name '*.o' -o -name '*.d' | xargs rm -f

.PHONY: FORCE all bench bench-deps clean deps demo format fuzz install \
	install-packages stress stress-web tsan-web valgrind \
	lint test

bin/gen_%: bench/gen_%.o bin/core.a
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# The fuzz harnesses without libFuzzer: each runs its seed corpus and
# regressions in make test (tests/t0200-fuzz-corpus.sh).
FUZZERS = csv dataset identity protocol
FUZZ_DRIVERS = $(patsubst %,tests/bin/fuzz_%,$(FUZZERS))

tests/bin/fuzz_%: fuzz/fuzz_%.o tests/fuzz/driver.o bin/core.a
	@mkdir -p tests/bin
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# make fuzz: each harness under libFuzzer (clang) for FUZZ_SECONDS; the
# corpus grows in fuzz/corpus, crashes land in fuzz/crashes (make one a
# regression by copying it to tests/fuzz/regressions/NAME/).
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS = -g -O1 -std=c11 -D_POSIX_C_SOURCE=200809L \
	-fsanitize=fuzzer,address,undefined -Ilib -Itrial -Irandomizer \
	-Ianalysis -Ifuzz
fuzz: deps
	@$(MAKE) --no-print-directory install-packages PACKAGES="clang"
	@mkdir -p fuzz/bin fuzz/crashes
	@for f in $(FUZZERS); do \
		clang $(FUZZ_CFLAGS) -o fuzz/bin/fuzz_$$f fuzz/fuzz_$$f.c \
			$(CORE_OBJS:.o=.c) $(LDLIBS) || exit 1; \
	done
	@for f in $(FUZZERS); do \
		mkdir -p fuzz/corpus/$$f && \
		fuzz/bin/fuzz_$$f -max_total_time=$(FUZZ_SECONDS) \
			-artifact_prefix=fuzz/crashes/$$f- \
			fuzz/corpus/$$f tests/fuzz/corpus/$$f || exit 1; \
	done

# Tools the end-to-end tests run (attacks, checks), tests/tools/NAME.c.
TEST_TOOLS = tests/bin/id_bruteforce tests/bin/merkle_proofs tests/bin/web_load

tests/bin/%: tests/tools/%.o bin/core.a
	@mkdir -p tests/bin
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# Unit tests: one program per module, tests/unit/test_<module>.c.
UNIT_TESTS = $(patsubst tests/unit/%.c,tests/bin/%,$(wildcard tests/unit/test_*.c))

tests/bin/test_%: tests/unit/test_%.o tests/unit/unit.o tests/bin/core.a
	@mkdir -p tests/bin
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) -lcmocka

# The web service's library files are not in the core: test_web adds them.
tests/bin/test_web: tests/unit/test_web.o tests/unit/unit.o \
		$(filter-out web/main.o,$(WEB_OBJS)) tests/bin/core.a
	@mkdir -p tests/bin
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) -lcmocka

# rct_cmd_data_release is in the analysis program's cmd_common.c.
tests/bin/test_lifecycle: tests/unit/test_lifecycle.o tests/unit/unit.o \
		analysis/cmd_common.o tests/bin/core.a
	@mkdir -p tests/bin
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) -lcmocka

# Install the Debian packages the build and the tests need, when missing.
DEB_PACKAGES = build-essential libsqlite3-dev libsodium-dev libcsv-dev \
	libgsl-dev libinih-dev libcmocka-dev sqlite3 bc golang-go \
	golang-golang-x-mod-dev libxml2-utils libmicrohttpd-dev \
	libcurl4-openssl-dev curl libreadstat-dev libxlsxwriter-dev
deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(DEB_PACKAGES)"

# What the end-to-end tests read the exports back with (t1650: R's haven
# for Stata and SPSS files, readxl and unzip for Excel), the browser that
# t4500 drives through the web service (chromium by WebDriver) and that
# t3710/t3800 lay out and print the CONSORT diagram and the report with,
# and xmllint for the SVG.
TEST_PACKAGES = r-base-core r-cran-haven r-cran-readxl unzip \
	chromium chromium-driver python3-selenium libxml2-utils

# The reference tools the benchmarks compare with.
BENCH_PACKAGES = r-base-core r-cran-estimatr python3-statsmodels time
bench-deps: deps
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(BENCH_PACKAGES)"

install-packages:
	@missing=""; for p in $(PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | \
		grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

demo: deps
	@$(MAKE) --no-print-directory all $(TEST_PROGRAMS)
	@sh protocols/demo.sh

# make stress: crash safety under kill -9 and a minute of concurrency, of
# the programs and of the web service; make stress-web: the web service's
# alone (tests/stress/web-load.sh, about three minutes).
stress: deps
	@$(MAKE) --no-print-directory all $(TEST_PROGRAMS) $(TEST_TOOLS)
	@sh tests/stress/run.sh

stress-web: deps
	@$(MAKE) --no-print-directory all $(TEST_PROGRAMS) $(TEST_TOOLS)
	@sh tests/stress/web-load.sh

# make tsan-web: the web service under load built with ThreadSanitizer
# (everything is rebuilt so; the next plain make rebuilds it plain).
tsan-web: deps
	@$(MAKE) --no-print-directory SANITIZE=thread all $(TEST_PROGRAMS) \
		$(TEST_TOOLS)
	@sh tests/stress/web-tsan.sh

# make valgrind: the end-to-end suite under memcheck (tests/valgrind.sh).
valgrind: deps
	@$(MAKE) --no-print-directory install-packages \
		PACKAGES="valgrind $(TEST_PACKAGES)"
	@$(MAKE) --no-print-directory all $(TEST_PROGRAMS) $(UNIT_TESTS) \
		$(FUZZ_DRIVERS) $(TEST_TOOLS)
	@sh tests/valgrind.sh

bench: bench-deps
	@$(MAKE) --no-print-directory all tests/bin/web_load
	@sh bench/run.sh

test: deps
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(TEST_PACKAGES)"
	@$(MAKE) --no-print-directory all $(TEST_PROGRAMS) $(UNIT_TESTS) \
		$(FUZZ_DRIVERS) $(TEST_TOOLS)
	@sh tests/run.sh
.SECONDARY:

# The dependency files -MMD writes beside each object (headers included).
ALL_OBJS = $(CORE_OBJS) $(TRIAL_OBJS) $(RANDOMIZER_OBJS) $(ANALYSIS_OBJS) \
	$(WEB_OBJS) $(addprefix tests/bin/obj/,$(CLOCK_OBJS)) \
	$(patsubst %.c,%.o,$(wildcard bench/*.c fuzz/*.c tests/fuzz/*.c \
	tests/tools/*.c tests/unit/*.c))
-include $(ALL_OBJS:.o=.d)
