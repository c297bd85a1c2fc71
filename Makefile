# Gantry — build, test and run.
#
#   make test    install what the tests need (when missing), then run every test
#   make bench   run the benchmarks (figures go to docs/benchmarks.md by hand)
#   make fuzz    run every fuzz target briefly (FUZZTIME each, default 10s)
#   make lint    gofmt and go vet
#   make generate  regenerate deep copies (committed)
#   make build   build bin/gantry
#
# Go 1.26 at /usr/local/go is expected (the project's machines have it).

SHELL      := /bin/bash
GO         ?= $(shell command -v go 2>/dev/null || echo /usr/local/go/bin/go)
export PATH := $(dir $(GO)):$(PATH)
PKGS       ?= ./...
FUZZTIME   ?= 10s
BENCHTIME  ?= 1s
TESTFLAGS  ?= -race -count=1 -timeout=20m

.PHONY: all build test test-go deps lint generate verify-generated bench fuzz up clean

all: build

build:
	$(GO) build -o bin/gantry ./cmd/gantry

# deps installs what the tests need when it is missing. Only Go is needed so
# far; later parts (containerd, runc, CNI plugins) add their packages here.
deps:
	@command -v $(GO) >/dev/null || { echo "Go 1.26 is required at /usr/local/go (see README)"; exit 1; }
	@$(GO) version

test: deps lint verify-generated test-go

test-go:
	$(GO) test $(TESTFLAGS) $(PKGS)

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)

generate:
	$(GO) run ./sdk/internal/deepcopy-gen ./sdk/api/...

verify-generated:
	$(GO) run ./sdk/internal/deepcopy-gen -verify ./sdk/api/...

bench:
	$(GO) test -run='^$$' -bench=. -benchtime=$(BENCHTIME) $(PKGS)

# fuzz runs every Fuzz* target of the repository for FUZZTIME each.
fuzz:
	@set -e; for f in $$(grep -rl --include='*_test.go' '^func Fuzz' .); do \
	  dir=$$(dirname $$f); \
	  for t in $$(grep -o '^func Fuzz[A-Za-z0-9_]*' $$f | sed 's/^func //'); do \
	    echo "== $$dir $$t"; \
	    $(GO) test -run='^$$' -fuzz="^$$t$$" -fuzztime=$(FUZZTIME) ./$$dir; \
	  done; \
	done

up:
	@echo "make up arrives with the host (issue 8): there is no cluster to start yet."; exit 1

clean:
	rm -rf bin
