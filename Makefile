# ai-model-sync. DATABASE_URL selects the database; when it is unset the targets start the project's
# embedded PostgreSQL (data under .data/, port 54329). `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

NODE    := node --import tsx
WITH_DB := $(NODE) fetcher/with-db.ts --
DBMATE  := node_modules/.bin/dbmate --migrations-dir db/migrations --schema-file db/schema.sql
TESTS   ?= test/*.test.ts

.PHONY: help sync migrate test schema catalog catalog-import soak

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

sync: node_modules/.installed ## Fetch every configured provider, stage the lists, apply them, print the report
	$(WITH_DB) bash -c '$(DBMATE) --no-dump-schema up >&2 && $(NODE) fetcher/cli.ts $(ARGS)'

migrate: node_modules/.installed ## Apply the migrations to DATABASE_URL (dbmate up)
	$(WITH_DB) $(DBMATE) --no-dump-schema up

test: node_modules/.installed ## Run every test against a real PostgreSQL
	$(WITH_DB) node --import tsx --test --test-reporter=spec $(TESTS)

# The reliability suite with larger counts (docs/reliability.md); override any count: make soak RELIABILITY_RUNS=5000
RELIABILITY_RUNS ?= 1000
soak: node_modules/.installed ## Long reliability runs: property rounds x RELIABILITY_RUNS (default 1000), more crashes and races
	RELIABILITY_RUNS=$(RELIABILITY_RUNS) RELIABILITY_CRASH_RUNS=$${RELIABILITY_CRASH_RUNS:-10} \
	RELIABILITY_FETCHER_KILL_RUNS=$${RELIABILITY_FETCHER_KILL_RUNS:-10} RELIABILITY_CONCURRENCY_ROUNDS=$${RELIABILITY_CONCURRENCY_ROUNDS:-50} \
	RELIABILITY_LOCK_RACE_RUNS=$${RELIABILITY_LOCK_RACE_RUNS:-20} RELIABILITY_CATALOG_RACE_RUNS=$${RELIABILITY_CATALOG_RACE_RUNS:-50} \
	$(WITH_DB) node --import tsx --test --test-reporter=spec test/reliability*.test.ts test/property*.test.ts test/crash*.test.ts test/concurrency*.test.ts

catalog: node_modules/.installed ## Load db/catalog/*.json as the built-in catalog tier
	$(WITH_DB) bash -c '$(DBMATE) --no-dump-schema up >&2 && $(NODE) fetcher/catalog/load.ts'

catalog-import: node_modules/.installed ## Import a LiteLLM cost map as the imported tier: make catalog-import FILE=path
	@test -n "$(FILE)" || { echo 'usage: make catalog-import FILE=model_prices_and_context_window.json' >&2; exit 2; }
	$(WITH_DB) bash -c '$(DBMATE) --no-dump-schema up >&2 && $(NODE) fetcher/catalog/import-litellm.ts "$(FILE)"'

schema: node_modules/.installed ## Developers: refresh db/schema.sql from a scratch database (needs pg_dump 15)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable} $(NODE) fetcher/dev/dump-schema.ts
