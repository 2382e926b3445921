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
DEMO_DB := $(BUILD)/demo.db

.PHONY: all deps configure build test demo install clean

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

test: build
	@cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

demo: build
	@rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	@PIPE=$(PIPE) PIPE_DB=$(DEMO_DB) bash examples/demo.sh

install: build
	@cmake --install $(BUILD) --prefix $(PREFIX)

clean:
	rm -rf $(BUILD)
