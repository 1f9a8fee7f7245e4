# go-handoff: Go functions on Node.js-only hosts.
#
#   make          build $(PACKAGE).zip from the function in $(FUNCTION)
#   make test     serve it locally, through the real host, on $(PORT)
#   make watch    serve $(FUNCTION) locally, rebuilt whenever a file changes
#   make inspect  list the archive and check that a host could run it
#   make check    run every test suite
#   make lint     go vet and staticcheck on the Go modules (make check runs it)
#   make fuzz     run the Go fuzz targets for $(FUZZTIME) each
#   make bench    measure the hand-over against Go alone, a Node.js proxy and
#                 JavaScript (bench/RESULTS.md; BENCH_* variables, see bench/config.ts)
#   make bench-cold  only the cold starts: every host and hand-over, Lambda's
#                 under AWS's emulator (BENCH_COLD_RUNS, default 15)
#   make bench-memory  only Go's memory limit: peak RSS and req/s of a
#                 churning function with and without it (BENCH_MEMORY_RUNS)
#   make bench-logging  what a log line costs each way, against plain stdout
#                 (docs/logging.md; BENCH_LOGGING_ROUNDS, default 9)
#   make bench-lambda  Lambda Managed Instances under AWS's emulator: the
#                 hand-over, exec-wrapper, JavaScript and aws-lambda-go at
#                 AWS_LAMBDA_MAX_CONCURRENCY 1, 8, 64 (root: a mount namespace)
#   make godev    run the Go function alone, without Node.js
#   make clean    remove what the build wrote
#
# Every target installs what it needs first (npm packages, the addon, the
# bundled loader), so a fresh clone needs nothing but these commands. The
# work itself is the go-handoff CLI's (dist/cli.js, `npx go-handoff --help`).

FUNCTION ?= go/function
PACKAGE  ?= function
HANDLER  ?= handler
ARCH     ?= amd64
FORMAT   ?= zip
PORT     ?= 8080
# The function to serve, when the package offers several: checked by the
# build and passed on to the host as functions-framework's --target
# (SIGNATURE_TYPE: its --signature-type). Empty: Handle, or the only one.
TARGET         ?=
SIGNATURE_TYPE ?=

ARCHIVE   := $(PACKAGE).$(FORMAT)

NODE_DEPS  := node_modules/.package-lock.json
ADDON      := build/Release/handoff.node
PREBUILDS  := prebuilds/linux-x64/handoff.node prebuilds/linux-arm64/handoff.node
PREBUILD   := prebuilds/linux-$(if $(filter amd64,$(ARCH)),x64,$(ARCH))/handoff.node
ZIG        := .cache/zig/.installed
DIST       := dist/.built
TEST_NODES := .cache/node/.installed
LAMBDA_RIC := .cache/lambda-ric/.installed
# AWS's Lambda Runtime Interface Emulator, from the Go module proxy, at the
# version test/hosts/aws-lambda-rie.version names (the tests read it too).
LAMBDA_RIE_VERSION := $(shell cat test/hosts/aws-lambda-rie.version)
LAMBDA_RIE := .cache/lambda-rie/$(LAMBDA_RIE_VERSION)/aws-lambda-rie
# staticcheck, from the Go module proxy at this version (2026.2.2), for
# make lint and make check.
STATICCHECK_VERSION := v0.8.2
STATICCHECK := .cache/staticcheck/$(STATICCHECK_VERSION)/staticcheck
FIREBASE   := .cache/firebase/.installed
CF_LAYER   := .cache/cloud-functions-layer/.installed
CLI        := node dist/cli.js

# Rebuild when any of these change (and only then: `make` twice is a no-op).
# Spaces in file names are escaped, as make's prerequisite lists need.
FUNCTION_FILES := $(shell find '$(FUNCTION)' -type f -not -path '*/.*' -not -path '*/node_modules/*' 2>/dev/null | sed 's/ /\\ /g')
SDK_FILES      := go/go.mod $(shell find go -name '*.go' -not -path 'go/function/*' -not -path 'go/examples/*')
TS_FILES       := $(shell find src -name '*.ts')
NATIVE_FILES   := binding.gyp $(wildcard native/*)

# Go fuzz targets, each run for FUZZTIME by `make fuzz` (and briefly by `make check`).
FUZZ_TARGETS := internal/events:FuzzFromHTTP internal/contract:FuzzTypedDecoding internal/server:FuzzFramingAgreesWithNetHTTP
FUZZTIME     ?= 30s

# The archive depends on the variables that shape it too: `make ARCH=arm64`
# after `make` rebuilds it. The file changes only when they do.
VARS_FILE := .cache/make/$(ARCHIVE).vars
VARS      := $(FUNCTION) $(HANDLER) $(ARCH) $(TARGET)
$(shell mkdir -p .cache/make; [ "$$(cat '$(VARS_FILE)' 2>/dev/null)" = '$(VARS)' ] || echo '$(VARS)' > '$(VARS_FILE)')

.PHONY: all test watch inspect check lint bench bench-cold bench-memory bench-logging bench-lambda godev clean deps fuzz
all: $(ARCHIVE)

$(NODE_DEPS): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

# This machine's own build of the addon, with its C++ compiler: the addon's
# own tests load it. Archives never ship it.
$(ADDON): $(NATIVE_FILES) | $(NODE_DEPS)
	node scripts/build-addon.mjs

# zig, from PyPI's ziglang package (python3 -m pip), builds the prebuilds.
$(ZIG): scripts/install-zig.mjs
	node scripts/install-zig.mjs
	@mkdir -p $(@D) && touch $@

# The addons archives ship, for linux-x64 and linux-arm64 and glibc 2.17,
# built with zig on any machine (npm run build:prebuilds builds both).
prebuilds/linux-%/handoff.node: $(NATIVE_FILES) $(ZIG) | $(NODE_DEPS)
	node scripts/build-addon.mjs --arch=$*

$(DIST): $(NODE_DEPS) $(TS_FILES) scripts/build.mjs
	node scripts/build.mjs
	@touch $@

deps: $(NODE_DEPS) $(ADDON) $(PREBUILDS) $(DIST)
	cd go && go mod download
	cd go/compat/functions-framework-go && go mod download

# The Node.js versions the hand-over tests run hosts on besides this one
# (test/hosts/node/: 22 and 24, and 8 and 10.16 either side of the loader's
# minimum), from the npm registry; about 20 seconds the first time.
$(TEST_NODES): scripts/install-node.mjs $(wildcard test/hosts/node/*/package*.json)
	node scripts/install-node.mjs

# The real aws-lambda-ric, on those Node.js 22 and 24, for its tests (about
# two minutes each the first time: it compiles curl and aws-lambda-cpp).
$(LAMBDA_RIC): scripts/install-lambda-ric.mjs $(wildcard test/hosts/aws-lambda-ric/*/package*.json) $(TEST_NODES)
	node scripts/install-lambda-ric.mjs

# The emulator the Lambda tests and the bench run the runtime under (seconds).
$(LAMBDA_RIE): test/hosts/aws-lambda-rie.version
	GOBIN='$(CURDIR)/$(@D)' go install github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie@$(LAMBDA_RIE_VERSION)
# The Go linter make lint runs (seconds).
$(STATICCHECK):
	GOBIN='$(CURDIR)/$(@D)' go install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

# firebase-tools (its functions emulator) and the firebase template's
# firebase-functions and firebase-admin, for the emulator test (a few minutes
# the first time: firebase-tools is about 600 packages).
$(FIREBASE): scripts/install-firebase.mjs $(wildcard test/hosts/firebase/*/package*.json)
	node scripts/install-firebase.mjs

# functions-framework as Cloud Functions' buildpack installs it for a function
# that does not depend on it, in a layer of its own, for the test of that launch.
$(CF_LAYER): scripts/install-cloud-functions-layer.mjs $(wildcard test/hosts/cloud-functions-layer/package*.json)
	node scripts/install-cloud-functions-layer.mjs

# The archive's addon is the prebuild for ARCH, on whatever machine make runs.
$(ARCHIVE): $(DIST) $(PREBUILD) $(FUNCTION_FILES) $(SDK_FILES) $(VARS_FILE)
	$(CLI) package '$(FUNCTION)' --output '$(ARCHIVE)' --format '$(FORMAT)' --handler '$(HANDLER)' --arch '$(ARCH)' $(if $(TARGET),--target '$(TARGET)')

test: $(ARCHIVE)
	$(CLI) serve '$(ARCHIVE)' --port '$(PORT)' $(if $(TARGET),--target '$(TARGET)') $(if $(SIGNATURE_TYPE),--signature-type '$(SIGNATURE_TYPE)')

watch: $(DIST) $(PREBUILD)
	$(CLI) serve '$(FUNCTION)' --watch --port '$(PORT)' $(if $(TARGET),--target '$(TARGET)') $(if $(SIGNATURE_TYPE),--signature-type '$(SIGNATURE_TYPE)')

inspect: $(ARCHIVE)
	$(CLI) inspect '$(ARCHIVE)'

check: deps $(TEST_NODES) $(LAMBDA_RIC) $(LAMBDA_RIE) $(FIREBASE) $(CF_LAYER) $(STATICCHECK)
	node_modules/.bin/tsc -p .
	$(MAKE) --no-print-directory lint
	node_modules/.bin/vitest run
	cd go && CGO_ENABLED=1 go test -race ./...
	cd go/compat/functions-framework-go && CGO_ENABLED=1 go test -race ./...
	$(MAKE) --no-print-directory fuzz FUZZTIME=5s

# The SDK module and the functions-framework-go stand-in, a module of its own.
lint: $(STATICCHECK)
	cd go && go vet ./... && '$(CURDIR)/$(STATICCHECK)' ./...
	cd go/compat/functions-framework-go && go vet ./... && '$(CURDIR)/$(STATICCHECK)' ./...

fuzz:
	@cd go && for target in $(FUZZ_TARGETS); do \
	  pkg=$${target%%:*}; name=$${target##*:}; \
	  echo "go test -fuzz=$$name -fuzztime=$(FUZZTIME) ./$$pkg"; \
	  go test -run='^$$' -fuzz="^$$name$$" -fuzztime=$(FUZZTIME) ./$$pkg || exit 1; \
	done

# The benchmark's Go functions, packaged by the CLI as users do, and the
# runner bundled from bench/*.ts.
BENCH_TS := $(shell find bench -name '*.ts')

.cache/bench/%.zip: bench/functions/%/main.go $(DIST) $(PREBUILDS) $(SDK_FILES)
	$(CLI) package bench/functions/$* --output $@

.cache/bench/bench.mjs: bench/build.mjs $(BENCH_TS) $(TS_FILES) | $(NODE_DEPS)
	node bench/build.mjs

# The churning function of the memory-limit test, for bench-memory.
.cache/bench/churn.zip: test/fixtures/churn/main.go $(DIST) $(PREBUILDS) $(SDK_FILES)
	$(CLI) package test/fixtures/churn --output $@

# bench-lambda's baseline: the same function on aws-lambda-go alone, built
# as its users build a provided.al2023 bootstrap.
.cache/bench/lambda-work-aws/handler: bench/functions/lambda-work-aws/main.go bench/functions/lambda-work-aws/go.mod
	cd bench/functions/lambda-work-aws && CGO_ENABLED=0 GOOS=linux GOARCH=amd64 go build -trimpath -ldflags='-s -w' -o '$(CURDIR)/$@' .

BENCH_LAMBDA := .cache/bench/lambda-work.zip .cache/bench/lambda-work-aws/handler $(LAMBDA_RIC) $(LAMBDA_RIE)

bench: deps .cache/bench/hello.zip .cache/bench/payload.zip .cache/bench/churn.zip .cache/bench/bench.mjs $(BENCH_LAMBDA)
	sh bench/tools.sh
	node .cache/bench/bench.mjs
	node .cache/bench/cold-start.mjs
	node .cache/bench/memory.mjs
	node .cache/bench/lambda.mjs

# Only the cold starts (BENCH_COLD_RUNS, default 15): every host and hand-over, Lambda's under aws-lambda-rie.
bench-cold: deps .cache/bench/hello.zip .cache/bench/bench.mjs $(LAMBDA_RIC) $(LAMBDA_RIE)
	node .cache/bench/cold-start.mjs

# Only Go's memory limit (BENCH_MEMORY_RUNS, default 5): peak RSS and req/s
# of the churning function with and without it.
bench-memory: deps .cache/bench/churn.zip .cache/bench/bench.mjs
	sh bench/tools.sh
	node .cache/bench/memory.mjs

# A log line's cost each way a function writes one (go/internal/logging/cost_test.go).
BENCH_LOGGING_ROUNDS ?= 9
bench-logging:
	cd go && GO_HANDOFF_LOG_COST=$(BENCH_LOGGING_ROUNDS) go test -count=1 -run '^TestLogCost$$' -v ./internal/logging

# Lambda Managed Instances only (BENCH_LAMBDA_* variables, see bench/lambda/lmi-config.ts).
bench-lambda: deps .cache/bench/bench.mjs $(BENCH_LAMBDA)
	node .cache/bench/lambda.mjs

godev: $(DIST)
	$(CLI) build '$(FUNCTION)' --native --output .cache/godev/'$(HANDLER)' $(if $(TARGET),--target '$(TARGET)')
	PORT='$(PORT)' GO_HANDOFF_TARGET='$(TARGET)' GO_HANDOFF_SIGNATURE_TYPE='$(SIGNATURE_TYPE)' .cache/godev/'$(HANDLER)'

clean:
	rm -rf build dist prebuilds .cache packages/create-go-handoff/dist packages/create-go-handoff/LICENSE '$(PACKAGE).zip' '$(PACKAGE).tar.gz'
