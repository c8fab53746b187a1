create or replace function ai_model_sync.catalog_config_at(config jsonb, prices jsonb, at timestamptz) returns jsonb
language sql stable parallel safe
set search_path = pg_catalog, pg_temp
as $$
  select case when prices is null then config else config || coalesce((
    select p.value->'config'
      from pg_catalog.jsonb_array_elements(prices) as p
     where (p.value->>'from' is null or at >= ((p.value->>'from')::date)::timestamp at time zone 'UTC')
       and (p.value->>'until' is null or at < ((p.value->>'until')::date + 1)::timestamp at time zone 'UTC')
     limit 1), '{}'::jsonb) end
$$;
comment on function ai_model_sync.catalog_config_at(jsonb, jsonb, timestamptz) is
  'The config of a catalog entry in force at a time: its config, overlaid with the config of the dated price '
  '(prices[]) whose period holds then: from its "from" day at 00:00 UTC until the end of its "until" day (UTC), '
  'either bound open when absent. Periods do not overlap (catalog_entry_problems checks).';
