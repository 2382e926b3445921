# Entry points for newcomers and CI. Everything real lives in CMake; this file installs the
# Debian packages the build needs (when missing), configures, builds with -j2 and runs.

BUILD     ?= build
JOBS      ?= 2
PREFIX    ?= /usr/local
CMAKE_ARGS ?=
DEPS := cmake g++ make pkg-config sqlite3 libsqlite3-dev libcli11-dev libfmt-dev \
        libtomlplusplus-dev libsqlitecpp-dev doctest-dev nlohmann-json3-dev libutf8proc-dev \
        mandoc bash-completion zsh fish jq python3-icalendar
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PIPE := $(BUILD)/pipe
# The second build that `make test` runs the suite in: ASan + UBSan, with clang-19 (whose build
# also has the libFuzzer targets, each run FUZZ_TEST_SECONDS as a test) or else g++.
# FUZZ_SECONDS per target for the longer `make fuzz`.
SAN_BUILD ?= $(BUILD)-san
SAN_DEPS := clang-19 libclang-rt-19-dev
FUZZ_TEST_SECONDS ?= 20
FUZZ_SECONDS ?= 300
FUZZ_TARGETS := $(patsubst tests/fuzz/%.cpp,%,$(wildcard tests/fuzz/fuzz_*.cpp))
SANITIZER_ENV := ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:verify_asan_link_order=0 \
                 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
DEMO_DB := $(BUILD)/demo.db

.PHONY: all deps configure build test test-main test-sanitizers san-deps san-build fuzz soak demo \
        bench install package clean

all: build

deps:
	@if ! dpkg -s $(DEPS) >/dev/null 2>&1; then \
	  echo "installing build dependencies: $(DEPS)"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(DEPS) >/dev/null; \
	fi

configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_ARGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j$(JOBS)

# Every test, twice: the whole suite in the main build (the crash test included), then again
# in the sanitizer build with the fuzz targets (see test-sanitizers).
test: test-main test-sanitizers

test-main: build
	@cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

# The suite under AddressSanitizer and UndefinedBehaviorSanitizer (any report fails a test) and
# each fuzz target for FUZZ_TEST_SECONDS after replaying its committed corpus. The crash test
# (label slow) and the package check (label packaging) run in the main build only.
test-sanitizers: san-build
	@cd $(SAN_BUILD) && $(SANITIZER_ENV) ctest --output-on-failure -j$(JOBS) -LE 'slow|packaging'

san-deps: deps
	@dpkg -s $(SAN_DEPS) >/dev/null 2>&1 || { \
	  echo "installing sanitizer and fuzzing dependencies: $(SAN_DEPS)"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(SAN_DEPS) >/dev/null; } || \
	  echo "clang-19 is not available: sanitizers from g++, no fuzzing"

# -O1: the sanitized suite runs several times faster than at -O0, and reports stay exact.
san-build: san-deps
	@if command -v clang++-19 >/dev/null; then \
	  set -- -DCMAKE_CXX_COMPILER=clang++-19 -DPIPE_FUZZ=ON; else set -- -DPIPE_SANITIZE=ON; fi; \
	cmake -S . -B $(SAN_BUILD) "$$@" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" \
	  -DPIPE_FUZZ_SECONDS=$(FUZZ_TEST_SECONDS) $(CMAKE_ARGS) >/dev/null
	@cmake --build $(SAN_BUILD) -j$(JOBS)

# Each libFuzzer target for FUZZ_SECONDS, starting from (and replaying) its committed corpus in
# tests/fuzz/corpus/TARGET; new inputs go to $(SAN_BUILD)/fuzz-corpus, crashes to
# $(SAN_BUILD)/crashes.
fuzz: san-build
	@if [ ! -x $(SAN_BUILD)/tests/fuzz/fuzz_cli ]; then echo "no clang++-19: fuzzing skipped"; exit 0; fi; \
	mkdir -p $(SAN_BUILD)/crashes && \
	for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(SAN_BUILD)/fuzz-corpus/$$t; \
	  $(SANITIZER_ENV) $(SAN_BUILD)/tests/fuzz/$$t -max_total_time=$(FUZZ_SECONDS) \
	    -artifact_prefix=$(abspath $(SAN_BUILD))/crashes/$$t- -print_final_stats=1 \
	    $(abspath $(SAN_BUILD))/fuzz-corpus/$$t $(CURDIR)/tests/fuzz/corpus/$$t \
	    >$(SAN_BUILD)/$$t.log 2>&1 || \
	    { tail -40 $(SAN_BUILD)/$$t.log; echo "fuzz: $$t FAILED (input in $(SAN_BUILD)/crashes)"; exit 1; }; \
	  echo "fuzz: $$t $$(grep -o 'stat::number_of_executed_units: *[0-9]*' $(SAN_BUILD)/$$t.log | grep -o '[0-9]*$$') executions in $(FUZZ_SECONDS) s, no crash"; \
	done

# Longer runs of the fault tests than `make test` can afford.
soak: build
	@cd $(BUILD) && PIPE_CRASH_KILLS=50 PIPE_CRASH_DEALS=50000 PIPE_CONCURRENCY_DEALS=500 \
	  ctest --output-on-failure -R 'crash|concurrency'

demo: build
	@rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	@PIPE=$(PIPE) PIPE_DB=$(DEMO_DB) bash examples/demo.sh

# The whole benchmark: every speed goal beside the floor of SQLite's own CLI on the same files,
# written to docs/bench.md (books generated once, kept in bench/.cache). Needs a quiet machine
# and about 20 minutes; BENCH_ARGS=--quick for books a tenth of the size.
BENCH_ARGS ?=
bench: build
	@python3 bench/bench.py --build $(BUILD) $(BENCH_ARGS)

install: build
	@cmake --install $(BUILD) --prefix $(PREFIX)

# A Debian package of the build: $(BUILD)/pipe_VERSION_ARCH.deb (binary, man pages, completions).
package: build
	@cd $(BUILD) && cpack -G DEB

clean:
	rm -rf $(BUILD) $(SAN_BUILD)
