# ai-model-sync. DATABASE_URL selects the database; when it is unset the targets start the project's
# embedded PostgreSQL (data under .data/, port 54329). `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

NODE    := node --import tsx
WITH_DB := $(NODE) fetcher/with-db.ts --
MIGRATE := $(NODE) fetcher/migrate.ts
TESTS   ?= test/*.test.ts

.PHONY: help sync stage migrate sql test schema catalog catalog-import soak

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

node_modules/.installed: package.json package-lock.json
	@npm ci --no-audit --no-fund >&2
	@touch $@

# The fetcher as sync and stage run it: compiled ahead of time (dist/ mirrors fetcher/) and run by plain node with
# V8 tuned for memory, which keeps its peak RSS under 200 MB with 100,000 models (README.md, "Memory").
FETCHER := node --optimize-for-size dist/cli.js

dist/cli.js: node_modules/.installed tsconfig.json tsconfig.build.json $(wildcard fetcher/*.ts fetcher/*/*.ts)
	@echo 'building the fetcher into dist/ (tsc -p tsconfig.build.json)' >&2
	@rm -rf dist && node_modules/.bin/tsc -p tsconfig.build.json

sync: node_modules/.installed dist/cli.js ## Fetch every configured provider, stage the lists, apply them, print the report
	@$(WITH_DB) bash -c 'node dist/migrate.js migrate --no-catalog && $(FETCHER) $(ARGS)'

stage: node_modules/.installed dist/cli.js ## Fetch and stage only (INSERT into ai_model_fetches): for the least-privileged fetcher role; pg_cron applies
	@$(WITH_DB) $(FETCHER) --stage-only $(ARGS)

migrate: node_modules/.installed ## Install or upgrade DATABASE_URL: dbmate up, then the code (db/code), then the built-in catalog
	$(WITH_DB) $(MIGRATE) migrate

sql: node_modules/.installed ## Print one idempotent install/upgrade script for psql on stdout (make -s sql > install.sql)
	@$(MIGRATE) sql

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

catalog: node_modules/.installed ## Load db/catalog/*.json as the built-in catalog tier
	$(WITH_DB) bash -c '$(MIGRATE) migrate --no-catalog && $(NODE) fetcher/catalog/load.ts'

catalog-import: node_modules/.installed ## Import a LiteLLM cost map as a copy of the litellm price source: make catalog-import FILE=path
	@test -n "$(FILE)" || { echo 'usage: make catalog-import FILE=model_prices_and_context_window.json' >&2; exit 2; }
	$(WITH_DB) bash -c '$(MIGRATE) migrate && $(NODE) fetcher/catalog/import-litellm.ts "$(FILE)"'

.PHONY: bench
bench: node_modules/.installed ## Measure the sync against the database floor and row by row (docs/benchmarks.md)
	$(WITH_DB) $(NODE) bench/run.ts $(ARGS)

# Scheduling with pg_cron (README.md, "Production set-up"): CRON for the sync, RETENTION for staged lists, PRUNE_CRON for pruning.
.PHONY: schedule unschedule
CRON       ?= 0 * * * *
RETENTION  ?= 30 days
PRUNE_CRON ?= 30 3 * * *

schedule: node_modules/.installed ## Create or update the pg_cron jobs: sync on CRON='0 * * * *', prune lists older than RETENTION='30 days'
	CRON="$(CRON)" RETENTION="$(RETENTION)" PRUNE_CRON="$(PRUNE_CRON)" \
	  $(WITH_DB) bash -c '$(MIGRATE) migrate && $(NODE) fetcher/schedule.ts schedule'

unschedule: node_modules/.installed ## Remove the pg_cron jobs that make schedule created
	$(WITH_DB) $(NODE) fetcher/schedule.ts unschedule

schema: node_modules/.installed ## Developers: refresh db/schema.sql from a scratch database (needs pg_dump 15)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable} $(NODE) fetcher/dev/dump-schema.ts
