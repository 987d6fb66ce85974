# swarmecon: the two commands of the quick start are `make run` and `make test`.
GO      ?= go
BIN     := bin/swarmecon
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)
FUZZTIME ?= 60s

.PHONY: build run test bench fuzz lint docs clean

build:
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/swarmecon

# The embedded default scenario; the report lands in out/default/.
run: build
	$(BIN) run --out out/default

# Vet and format checks, the whole test suite, and a short fuzz of the loader.
test: lint
	$(GO) test -count=1 ./...
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime 10s ./scenarios

bench: build
	$(BIN) bench

# The loader fuzzed for longer; crashers land in scenarios/testdata/fuzz.
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) ./scenarios

# Regenerate docs/scenario-reference.md from the loader's keys (a test
# fails while it is out of date).
docs:
	$(GO) test ./docs -run '^TestScenarioReferenceInSync$$' -update

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

clean:
	rm -rf bin out
