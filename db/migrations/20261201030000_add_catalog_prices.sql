-- migrate:up

-- Dated prices of a catalog entry (issue 12): a promotion until a date, a new price from a date.
alter table public.ai_model_catalog add column prices jsonb
  constraint ai_model_catalog_prices_check check (prices is null or jsonb_typeof(prices) = 'array'),
  -- dated prices come from catalog files, which the loader validates (catalog_entry_problems); an admin row is
  -- edited by hand when its price changes
  add constraint ai_model_catalog_admin_prices_check check (prices is null or tier <> 'admin');
comment on column public.ai_model_catalog.prices is
  'Dated prices: [{"from": "YYYY-MM-DD", "until": "YYYY-MM-DD", "config": {cost keys}}], either bound optional, '
  'from its first day (00:00 UTC) through its last (until inclusive), periods not overlapping. The period in force '
  'overlays config (ai_model_sync.catalog_config_at); outside every period config holds. NULL: none. '
  'Validated by ai_model_sync.catalog_entry_problems; builtin and imported tiers only (docs/pricing-rules.md).';

-- migrate:down

alter table public.ai_model_catalog drop column prices;
