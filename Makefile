# The two commands for a fresh Debian machine: `make demo` and `make check`.
SHELL := /bin/bash
JOBS ?= $(shell nproc)
# Let clones in other directories share compiler-cache entries: paths relative to the
# clone, and the build directory left out of the key (CI builds a fresh clone elsewhere).
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1
DB ?= sqlite:data/demo.db
LISTEN ?= 127.0.0.1:8080
# make fuzz: seconds per fuzz target, and which targets (default: all of tests/fuzz/corpus).
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?=

.PHONY: deps build build-asan build-web check unit integration demo bench soak fuzz format clean

deps:
	@./scripts/install-deps.sh

build: deps build-web
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS)

# The agent UI (web/dist), rebuilt only when its sources or dependencies changed;
# `shopdesk serve` serves it.
WEB_SOURCES := $(shell find web/src -type f 2>/dev/null) web/index.html web/package-lock.json \
	web/vite.config.ts web/tsconfig.json
build-web: web/dist/index.html
web/dist/index.html: $(WEB_SOURCES)
	@cd web && npm run --silent build

build-asan: deps
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan -j $(JOBS)

# Unit tests under ASan+UBSan, then everything (integration against real Dovecot and
# SMTP peers, CLI end to end) on the release build.
check: build build-asan
	@./scripts/check_layers
	@./scripts/check_format
	@ctest --preset asan -j $(JOBS)
	@ctest --preset release -j $(JOBS)

demo: build
	@mkdir -p data
	./build/release/shopdesk demo --db $(DB) --listen $(LISTEN)

bench: build
	@./bench/run.sh

# Not part of `check`: 5 minutes of mixed load on one node (SOAK_SECONDS to change);
# fails on any 5xx or RSS growth over 10%.
soak: build
	@./bench/soak.sh

# libFuzzer targets (clang, ASan+UBSan) under build/fuzz, each run FUZZ_SECONDS from the
# seeds in tests/fuzz/corpus; fails when one crashes or breaks an invariant.
fuzz:
	@./scripts/install-deps.sh --fuzz
	@cmake --preset fuzz >/dev/null
	@cmake --build --preset fuzz -j $(JOBS)
	@./scripts/run-fuzzers $(FUZZ_SECONDS) $(FUZZ_TARGETS)

format:
	@find src tests bench -name '*.cc' -o -name '*.h' | xargs clang-format -i

clean:
	rm -rf build web/dist
