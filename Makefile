# go-handoff: Go functions on Node.js-only hosts.
#
#   make          build $(PACKAGE).zip from the function in $(FUNCTION)
#   make test     serve it locally, through the real host, on $(PORT)
#   make check    run every test suite
#   make bench    measure the hand-over against Go alone, a Node.js proxy and
#                 JavaScript (bench/RESULTS.md; BENCH_* variables, see bench/config.ts)
#   make godev    run the Go function alone, without Node.js
#   make clean    remove what the build wrote
#
# Every target installs what it needs first (npm packages, the addon, the
# bundled loader), so a fresh clone needs nothing but these commands.

FUNCTION ?= go/function
PACKAGE  ?= function
HANDLER  ?= handler
ARCH     ?= amd64
PORT     ?= 8080

NODE_DEPS := node_modules/.package-lock.json
ADDON     := build/Release/handoff.node
DIST      := dist/.built
CLI       := node dist/cli.js

# Rebuild when any of these change (and only then: `make` twice is a no-op).
# Spaces in file names are escaped, as make's prerequisite lists need.
FUNCTION_FILES := $(shell find '$(FUNCTION)' -type f -not -path '*/.*' -not -path '*/node_modules/*' 2>/dev/null | sed 's/ /\\ /g')
SDK_FILES      := go/go.mod $(shell find go -name '*.go' -not -path 'go/function/*' -not -path 'go/examples/*')
TS_FILES       := $(shell find src -name '*.ts')
NATIVE_FILES   := binding.gyp $(wildcard native/*)

.PHONY: all test check bench godev clean deps
all: $(PACKAGE).zip

# npm ci also builds the addon (the package's install script).
$(NODE_DEPS): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

$(ADDON): $(NATIVE_FILES) | $(NODE_DEPS)
	node scripts/build-addon.mjs

$(DIST): $(NODE_DEPS) $(TS_FILES) scripts/build.mjs
	node scripts/build.mjs
	@touch $@

deps: $(NODE_DEPS) $(ADDON) $(DIST)
	cd go && go mod download

$(PACKAGE).zip: $(DIST) $(ADDON) $(FUNCTION_FILES) $(SDK_FILES)
	$(CLI) package '$(FUNCTION)' --output '$(PACKAGE).zip' --handler '$(HANDLER)' --arch '$(ARCH)'

test: $(PACKAGE).zip
	$(CLI) serve '$(PACKAGE).zip' --port '$(PORT)'

check: deps
	node_modules/.bin/tsc -p .
	node_modules/.bin/vitest run
	cd go && go vet ./... && go test ./...

# The benchmark's Go functions, packaged by the CLI as users do, and the
# runner bundled from bench/*.ts.
BENCH_TS := $(shell find bench -name '*.ts')

.cache/bench/%.zip: bench/functions/%/main.go $(DIST) $(ADDON) $(SDK_FILES)
	$(CLI) package bench/functions/$* --output $@

.cache/bench/bench.mjs: bench/build.mjs $(BENCH_TS) $(TS_FILES) | $(NODE_DEPS)
	node bench/build.mjs

bench: deps .cache/bench/hello.zip .cache/bench/payload.zip .cache/bench/bench.mjs
	sh bench/tools.sh
	node .cache/bench/bench.mjs

godev: $(DIST)
	$(CLI) build '$(FUNCTION)' --native --output .cache/godev/'$(HANDLER)'
	PORT='$(PORT)' .cache/godev/'$(HANDLER)'

clean:
	rm -rf build dist .cache '$(PACKAGE).zip'
