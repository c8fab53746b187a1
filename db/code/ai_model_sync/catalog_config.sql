create or replace function ai_model_sync.catalog_config(provider text)
returns table (ord integer, config jsonb, admin_config jsonb, builtin_config jsonb, imported_config jsonb)
language sql stable
as $$
  with hits as (
    -- dated prices (SPEC 5): each entry's config with the price in force now
    select s.ord, c.tier, 1 as specificity, ai_model_sync.catalog_config_at(c.config, c.prices, pg_catalog.now()) as config
      from pg_temp.ai_model_sync_staged s
      join public.ai_model_catalog c on c.provider = catalog_config.provider and c.model = s.api_identifier
    union all
    select s.ord, c.tier, 2 as specificity, ai_model_sync.catalog_config_at(c.config, c.prices, pg_catalog.now()) as config
      from pg_temp.ai_model_sync_staged s
      join public.ai_model_catalog c on c.provider = catalog_config.provider and c.match = 'family'
                                    and c.model = s.family and s.family <> s.api_identifier
  ),
  best as (
    -- per tier, an exact-id entry beats a family entry
    select distinct on (h.ord, h.tier) h.ord, h.tier, h.config
      from hits h
     order by h.ord, h.tier, h.specificity
  )
  -- across tiers, key by key: builtin < imported (< what the provider reports, layered in model_defaults) < admin
  select b.ord,
         ai_model_sync.jsonb_merge_agg(b.config order by b.tier) filter (where b.tier <> 'admin'),
         ai_model_sync.jsonb_merge_agg(b.config) filter (where b.tier = 'admin'),
         -- issue 13, the price origins: which tier set each key (one entry per tier is left: the built-in
         -- array_agg, cheaper than one more merge)
         (pg_catalog.array_agg(b.config) filter (where b.tier = 'builtin'))[1],
         (pg_catalog.array_agg(b.config) filter (where b.tier = 'imported'))[1]
    from best b
   group by b.ord
$$;
comment on function ai_model_sync.catalog_config(text) is
  'SPEC 5 matching, for the models of pg_temp.ai_model_sync_staged: per model, the catalog entries that match it '
  '(exact id, else the family of a dated id; per tier the exact entry wins; dated prices as in force now), merged key by key across the builtin '
  'and imported tiers (config) and the admin tier (admin_config); the builtin and imported tiers alone too '
  '(builtin_config, imported_config: where each price came from, issue 13). No SET search_path so that the planner inlines it '
  'into plan_batch; every name in it is schema-qualified.';
