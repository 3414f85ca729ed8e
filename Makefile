# Thin wrapper around CMake. `make run` starts the demo; `make test` runs every test.
BUILD ?= build
JOBS ?= $(shell nproc)

.PHONY: run test build deps configure bench clean screenshot

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
