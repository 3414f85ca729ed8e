# Thin wrapper around CMake. `make run` starts the demo; `make test` runs every test.
BUILD ?= build
JOBS ?= $(shell nproc)

.PHONY: run test build deps configure bench clean screenshot fuzz

deps:
	@bash scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	@bash scripts/run-demo.sh $(BUILD)

test: build
	@cd $(BUILD) && QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j $(JOBS)

bench: build
	@for b in $(BUILD)/tests/bench/bench_*; do echo "== $$b"; $$b; done

clean:
	@rm -rf $(BUILD)

# Fuzzing (not part of `make test`): clang with libFuzzer, ASan and UBSan, each target
# for FUZZ_SECONDS (default 60; the issue's runs use 600), in parallel. Crashes land in
# build-fuzz/crashes/<target>; copy each into tests/fuzz/regressions/<target>/.
FUZZ_SECONDS ?= 60
fuzz:
	@bash scripts/install-deps.sh
	@bash scripts/install-deps.sh --fuzz
	@CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSENTINEL_FUZZ=ON >/dev/null
	@cmake --build build-fuzz -j $(JOBS)
	@bash scripts/run-fuzzers.sh build-fuzz $(FUZZ_SECONDS)
