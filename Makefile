# ai-model-sync. DATABASE_URL selects the database; when it is unset the targets start this checkout's embedded
# PostgreSQL (data in a per-user place: docs/install.md, "The embedded server"). `make help` lists the targets.
# The targets run the package's CLI (dist/cli.js, the `ai-model-sync` bin). ARGS and FILE reach it as environment
# variables ($$ARGS is split into words, not globbed, never evaluated by a shell): quotes in them cannot run commands.
SHELL := /bin/bash
.DEFAULT_GOAL := help

NODE    := node --import tsx
WITH_DB := $(NODE) fetcher/with-db.ts --
TESTS   ?= test/*.test.ts

.PHONY: help sync stage migrate sql test schema catalog catalog-import soak

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

node_modules/.installed: package.json package-lock.json
	@npm ci --no-audit --no-fund >&2
	@touch $@

# The CLI as the targets run it: compiled ahead of time (dist/ mirrors fetcher/) and run by plain node with
# V8 tuned for memory, which keeps its peak RSS under 200 MB with 100,000 models (docs/configuration.md, "Memory").
CLI := node --optimize-for-size dist/cli.js

dist/cli.js: node_modules/.installed tsconfig.json tsconfig.build.json $(wildcard fetcher/*.ts fetcher/*/*.ts)
	@echo 'building the fetcher into dist/ (tsc -p tsconfig.build.json)' >&2
	@node -e 'require("node:fs").rmSync("dist", { recursive: true, force: true })' && node_modules/.bin/tsc -p tsconfig.build.json

sync: node_modules/.installed dist/cli.js ## Fetch every configured provider, stage the lists, apply them, print the report
	@set -f; $(CLI) sync --migrate $$ARGS

stage: node_modules/.installed dist/cli.js ## Fetch and stage only (INSERT into ai_model_fetches): for the least-privileged fetcher role; pg_cron applies
	@set -f; $(CLI) stage $$ARGS

migrate: node_modules/.installed dist/cli.js ## Install or upgrade DATABASE_URL: dbmate up, then the code (db/code), then the built-in catalog
	@$(CLI) migrate

sql: node_modules/.installed dist/cli.js ## Print one idempotent install/upgrade script in plain SQL on stdout (make -s sql > install.sql)
	@$(CLI) sql

test: node_modules/.installed ## Type-check, then run every test against a real PostgreSQL
	node_modules/.bin/tsc -p tsconfig.json
	$(WITH_DB) node --import tsx --test --test-reporter=spec $(TESTS)

# The reliability suite with larger counts (docs/reliability.md); override any count: make soak RELIABILITY_RUNS=5000
RELIABILITY_RUNS ?= 1000
soak: node_modules/.installed ## Long reliability runs: property rounds x RELIABILITY_RUNS (default 1000), more crashes and races
	RELIABILITY_RUNS=$(RELIABILITY_RUNS) RELIABILITY_CRASH_RUNS=$${RELIABILITY_CRASH_RUNS:-10} \
	RELIABILITY_FETCHER_KILL_RUNS=$${RELIABILITY_FETCHER_KILL_RUNS:-10} RELIABILITY_CONCURRENCY_ROUNDS=$${RELIABILITY_CONCURRENCY_ROUNDS:-50} \
	RELIABILITY_LOCK_RACE_RUNS=$${RELIABILITY_LOCK_RACE_RUNS:-20} RELIABILITY_CATALOG_RACE_RUNS=$${RELIABILITY_CATALOG_RACE_RUNS:-50} \
	$(WITH_DB) node --import tsx --test --test-reporter=spec test/reliability*.test.ts test/property*.test.ts test/crash*.test.ts test/concurrency*.test.ts

catalog: node_modules/.installed dist/cli.js ## Load db/catalog/*.json as the built-in catalog tier
	@$(CLI) catalog --migrate

catalog-import: node_modules/.installed dist/cli.js ## Import a LiteLLM cost map as a copy of the litellm price source: make catalog-import FILE=path
	@test -n "$$FILE" || { echo 'usage: make catalog-import FILE=model_prices_and_context_window.json' >&2; exit 2; }
	@$(CLI) catalog-import --migrate "$$FILE"

.PHONY: bench
bench: node_modules/.installed ## Measure the sync against the database floor and row by row, the Edge Function and the price sources (docs/benchmarks.md)
	set -f; $(WITH_DB) $(NODE) bench/run.ts $$ARGS
	$(WITH_DB) $(NODE) bench/edge-function.ts
	$(WITH_DB) $(NODE) bench/price-sources.ts

# Scheduling with pg_cron (docs/production.md): CRON for the sync, RETENTION for staged lists, PRUNE_CRON for pruning.
.PHONY: schedule unschedule
CRON       ?= 0 * * * *
RETENTION  ?= 30 days
PRUNE_CRON ?= 30 3 * * *

export CRON RETENTION PRUNE_CRON
schedule: node_modules/.installed dist/cli.js ## Create or update the pg_cron jobs: sync on CRON='0 * * * *', prune lists older than RETENTION='30 days'
	@$(CLI) schedule --migrate

unschedule: node_modules/.installed dist/cli.js ## Remove the pg_cron jobs that make schedule created
	@$(CLI) unschedule

schema: node_modules/.installed ## Developers: refresh db/schema.sql from a scratch database (needs pg_dump 15)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable} $(NODE) fetcher/dev/dump-schema.ts
