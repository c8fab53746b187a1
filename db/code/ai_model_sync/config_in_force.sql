create or replace function ai_model_sync.config_in_force(provider text, api_identifier text, config jsonb, at timestamptz)
returns jsonb
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  -- The row's config at that time (from history) may predate a scheduled switch when no sync ran since the
  -- switch. For every key that a dated price of the model's governing builtin or imported entry schedules (per tier
  -- the exact-id entry, else the family entry, as the sync picks them), the value in force at that time replaces
  -- the row's value, if the row's value is one that entry produces (its config's or a period's) and no higher tier
  -- sets the key: a manual edit, a provider-reported price or an admin catalog entry is left alone.
  with best as (
    select distinct on (c.tier) c.tier, c.config, c.prices
      from public.ai_model_catalog c
     where c.provider = config_in_force.provider
       and (c.model = config_in_force.api_identifier
            or (c.match = 'family' and c.model = ai_model_sync.version_base(config_in_force.api_identifier)))
     order by c.tier, (c.model = config_in_force.api_identifier) desc
  )
  select coalesce(config_in_force.config || (
    select pg_catalog.jsonb_object_agg(k.key, k.value)
      from best as e,
           lateral pg_catalog.jsonb_each(ai_model_sync.catalog_config_at(e.config, e.prices, config_in_force.at)) as k
     where e.tier <> 'admin' and e.prices is not null
       and exists (select from pg_catalog.jsonb_array_elements(e.prices) as p where p.value->'config' ? k.key)
       and (config_in_force.config->k.key = e.config->k.key
            or exists (select from pg_catalog.jsonb_array_elements(e.prices) as p
                        where p.value->'config'->k.key = config_in_force.config->k.key))
       and not exists (
         select from best as o
          where o.tier > e.tier
            and (o.config ? k.key
                 or exists (select from pg_catalog.jsonb_array_elements(coalesce(o.prices, '[]'::jsonb)) as p
                             where p.value->'config' ? k.key)))
  ), config_in_force.config)
$$;
comment on function ai_model_sync.config_in_force(text, text, jsonb, timestamptz) is
  'A model''s config as of a time with the catalog''s dated prices applied: for each key that a dated price of '
  'the model''s governing builtin or imported entry schedules (per tier the exact entry, else the family entry), '
  'the value in force at that time, provided the config''s value came from that entry (equals its config''s or one '
  'of its periods'' values) and no higher tier sets the key. So ai_models_cost(..., at) bills a scheduled switch '
  'from its date even when no sync ran since; manual edits, provider-reported prices and admin entries are kept.';
