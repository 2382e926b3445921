# Entry points for newcomers and CI. Everything real lives in CMake; this file installs the
# Debian packages the build needs (when missing), configures, builds with -j2 and runs.

BUILD     ?= build
JOBS      ?= 2
PREFIX    ?= /usr/local
CMAKE_ARGS ?=
DEPS := cmake g++ make pkg-config sqlite3 libsqlite3-dev libcli11-dev libfmt-dev \
        libtomlplusplus-dev libsqlitecpp-dev doctest-dev nlohmann-json3-dev libutf8proc-dev \
        mandoc bash-completion zsh fish jq
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PIPE := $(BUILD)/pipe
# The sanitizer build (ASan + UBSan) that `make test` also runs the whole suite in, and the
# libFuzzer build (clang-19). FUZZ_SECONDS per target for `make fuzz`.
ASAN_BUILD ?= $(BUILD)-asan
FUZZ_BUILD ?= $(BUILD)-fuzz
FUZZ_SECONDS ?= 300
FUZZ_DEPS := clang-19 libclang-rt-19-dev
FUZZ_TARGETS := $(patsubst tests/fuzz/%.cpp,%,$(wildcard tests/fuzz/fuzz_*.cpp))
SANITIZER_ENV := ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:verify_asan_link_order=0 \
                 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
DEMO_DB := $(BUILD)/demo.db

.PHONY: all deps configure build test test-asan fuzz-deps fuzz soak demo install package clean

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

# Every test of the suite, the crash test included. The sanitizer run (`make test-asan`, about
# 35 minutes here) and fuzzing (`make fuzz`) are separate targets.
test: build
	@cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

# The whole suite again under AddressSanitizer and UndefinedBehaviorSanitizer: any report fails.
test-asan: deps
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DPIPE_SANITIZE=ON $(CMAKE_ARGS) >/dev/null
	@cmake --build $(ASAN_BUILD) -j$(JOBS)
	@cd $(ASAN_BUILD) && $(SANITIZER_ENV) ctest --output-on-failure -j$(JOBS) -LE 'slow|packaging'

fuzz-deps:
	@dpkg -s $(FUZZ_DEPS) >/dev/null 2>&1 || { \
	  echo "installing fuzzing dependencies: $(FUZZ_DEPS)"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(FUZZ_DEPS) >/dev/null; } || \
	  echo "clang-19 is not available: fuzzing skipped"

# Each libFuzzer target for FUZZ_SECONDS, starting from (and replaying) its committed corpus in
# tests/fuzz/corpus/TARGET; new inputs go to $(FUZZ_BUILD)/corpus, crashes to $(FUZZ_BUILD)/crashes.
fuzz: fuzz-deps
	@if ! command -v clang++-19 >/dev/null; then echo "no clang++-19: fuzzing skipped"; exit 0; fi; \
	cmake -S . -B $(FUZZ_BUILD) -DCMAKE_CXX_COMPILER=clang++-19 -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DPIPE_FUZZ=ON -DPIPE_BUILD_TESTS=OFF \
	  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined" \
	  $(CMAKE_ARGS) >/dev/null && \
	cmake --build $(FUZZ_BUILD) -j$(JOBS) --target $(FUZZ_TARGETS) && \
	mkdir -p $(FUZZ_BUILD)/crashes && \
	for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_BUILD)/corpus/$$t tests/fuzz/corpus/$$t; \
	  $(SANITIZER_ENV) $(FUZZ_BUILD)/tests/fuzz/$$t -max_total_time=$(FUZZ_SECONDS) \
	    -artifact_prefix=$(abspath $(FUZZ_BUILD))/crashes/$$t- -print_final_stats=1 \
	    $(abspath $(FUZZ_BUILD))/corpus/$$t $(CURDIR)/tests/fuzz/corpus/$$t \
	    >$(FUZZ_BUILD)/$$t.log 2>&1 || \
	    { tail -40 $(FUZZ_BUILD)/$$t.log; echo "fuzz: $$t FAILED (input in $(FUZZ_BUILD)/crashes)"; exit 1; }; \
	  echo "fuzz: $$t $$(grep -o 'stat::number_of_executed_units: *[0-9]*' $(FUZZ_BUILD)/$$t.log | grep -o '[0-9]*$$') executions in $(FUZZ_SECONDS) s, no crash"; \
	done

# Longer runs of the fault tests than `make test` can afford.
soak: build
	@cd $(BUILD) && PIPE_CRASH_KILLS=50 PIPE_CRASH_DEALS=50000 PIPE_CONCURRENCY_DEALS=500 \
	  ctest --output-on-failure -R 'crash|concurrency'

demo: build
	@rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	@PIPE=$(PIPE) PIPE_DB=$(DEMO_DB) bash examples/demo.sh

install: build
	@cmake --install $(BUILD) --prefix $(PREFIX)

# A Debian package of the build: $(BUILD)/pipe_VERSION_ARCH.deb (binary, man pages, completions).
package: build
	@cd $(BUILD) && cpack -G DEB

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
