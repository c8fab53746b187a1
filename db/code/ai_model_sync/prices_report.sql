create or replace function ai_model_sync.prices_report(items jsonb) returns jsonb
language sql stable parallel safe
set search_path = pg_catalog, pg_temp
as $$
  with i as (
    select x.value as item from pg_catalog.jsonb_array_elements(coalesce(items, '[]')) as x
  )
  select pg_catalog.jsonb_build_object(
    'policy', ai_model_sync.price_policy(),
    'quorum', (select s.quorum from ai_model_sync.price_settings s),
    'consensus_keys', (select pg_catalog.count(*) from i),
    'applied_keys', (select pg_catalog.count(*) from i where (i.item->>'applied')::boolean),
    -- consensus values that entered the defaults in this merge: a key nothing else set, or one they replaced
    'filled', (select coalesce(pg_catalog.jsonb_agg(i.item - 'applied' - 'catalog' order by i.item->>'api_identifier', i.item->>'key'), '[]')
                 from i where (i.item->>'applied')::boolean and coalesce(i.item->'catalog', 'null') = 'null'
                         and i.item->'previous' is distinct from i.item->'consensus'),
    'followed', (select coalesce(pg_catalog.jsonb_agg(i.item - 'applied' order by i.item->>'api_identifier', i.item->>'key'), '[]')
                   from i where (i.item->>'applied')::boolean and coalesce(i.item->'catalog', 'null') <> 'null'
                           and i.item->'previous' is distinct from i.item->'consensus'),
    'drifting', (select pg_catalog.count(*) from i where i.item->'in_force' is distinct from i.item->'consensus'),
    'drifting_keys', (select coalesce(pg_catalog.jsonb_agg(d.item - 'applied' - 'previous' order by d.item->>'api_identifier', d.item->>'key'), '[]')
                        from (select i.item from i where i.item->'in_force' is distinct from i.item->'consensus'
                               order by i.item->>'api_identifier', i.item->>'key' limit 20) as d)
  )
$$;
comment on function ai_model_sync.prices_report(jsonb) is
  'The "prices" section of a batch''s report from one item per consensus key of the batch''s models: the policy and '
  'quorum, how many keys had a consensus and how many entered the defaults, those filled or followed by this merge '
  '(their default changed), and the keys whose value in force contradicts the consensus (count, the first 20).';
