-- genai-prices' data file (v2 prices/new_data/v2/data.json, v1 alike): [{id, models: [{id, match, prices}]}],
-- prices per 1M tokens, maybe tiered {base, tiers: [{start, price}]}, maybe a list of {constraint, prices}.
create or replace function ai_model_sync.genai_prices_prices(payload jsonb, at date default current_date)
returns table (provider text, api_identifier text, key text, value numeric, entry text, problem text)
language sql stable parallel safe
set search_path = pg_catalog, pg_temp
as $$
  with providers as (select * from ai_model_sync.genai_prices_providers()),
  keys (price_key, key, long_context_key) as (
    values ('input_mtok', 'input_token_cost_rate', 'long_context_input_token_cost_rate'),
           ('output_mtok', 'output_token_cost_rate', 'long_context_output_token_cost_rate'),
           ('cache_read_mtok', 'cache_read_input_token_cost_rate', 'long_context_cache_read_input_token_cost_rate'),
           ('cache_write_mtok', 'cache_write_input_token_cost_rate', 'long_context_cache_write_input_token_cost_rate'),
           ('cache_write_1h_mtok', 'cache_write_1h_input_token_cost_rate', 'long_context_cache_write_1h_input_token_cost_rate'),
           ('input_audio_mtok', 'input_audio_token_cost_rate', null),
           ('output_audio_mtok', 'output_audio_token_cost_rate', null)
  ),
  models as (
    select p.provider, m.value as model, m.ordinality as ord, p.source_provider || '/' || (m.value->>'id') as entry
      from pg_catalog.jsonb_array_elements(case when pg_catalog.jsonb_typeof(payload) = 'array' then payload else '[]' end) as sp
      join providers p on p.source_provider = sp.value->>'id'
      cross join lateral pg_catalog.jsonb_array_elements(
        case when pg_catalog.jsonb_typeof(sp.value->'models') = 'array' then sp.value->'models' else '[]' end)
        with ordinality as m
  ),
  candidates as (
    -- the names to price: each model's own id and every id of the provider's synced rows
    select m.provider, m.model->>'id' as api_identifier from models m where m.model ? 'id'
    union
    select c.provider, c.api_identifier from ai_model_sync.price_candidates() as c where c.provider in (select p.provider from providers p)
  ),
  leaves as (
    -- a clause without "and" matches when any of its leaves does: compared set-based below
    select m.provider, m.ord, l.leaf
      from models m,
           lateral pg_catalog.jsonb_path_query(m.model->'match',
             'lax $.** ? (exists(@.equals) || exists(@.starts_with) || exists(@.ends_with) || exists(@.contains) || exists(@.regex))') as l(leaf)
     where not pg_catalog.jsonb_path_exists(m.model->'match', 'lax $.** ? (exists(@.and))')
  ),
  hits as (
    select c.provider, c.api_identifier, l.ord
      from leaves l join candidates c on c.provider = l.provider and c.api_identifier = l.leaf->>'equals'
    union all
    select c.provider, c.api_identifier, l.ord
      from leaves l join candidates c on c.provider = l.provider
     where not l.leaf ? 'equals'
       and case when l.leaf ? 'starts_with' then pg_catalog.starts_with(c.api_identifier, l.leaf->>'starts_with')
                when l.leaf ? 'ends_with' then pg_catalog.right(c.api_identifier, pg_catalog.length(l.leaf->>'ends_with')) = l.leaf->>'ends_with'
                when l.leaf ? 'contains' then pg_catalog.strpos(c.api_identifier, l.leaf->>'contains') > 0
                when l.leaf ? 'regex' then c.api_identifier operator(pg_catalog.~) (l.leaf->>'regex')
                else false end
    union all
    select c.provider, c.api_identifier, m.ord
      from models m join candidates c on c.provider = m.provider
     where pg_catalog.jsonb_path_exists(m.model->'match', 'lax $.** ? (exists(@.and))')
       and ai_model_sync.genai_prices_match(m.model->'match', c.api_identifier)
  ),
  matched as (
    -- genai-prices takes the first model of the provider whose clause matches
    select distinct on (h.provider, h.api_identifier) h.provider, h.api_identifier, m.model, m.entry
      from hits h join models m on m.provider = h.provider and m.ord = h.ord
     order by h.provider, h.api_identifier, h.ord
  ),
  in_force as (
    -- the price set in force at `at`: the latest start_date not after it, else the unconstrained one;
    -- sets limited to a time of day (off-peak) are not the list price
    select distinct on (mt.provider, mt.api_identifier) mt.provider, mt.api_identifier, mt.entry, ps.prices
      from matched mt
      cross join lateral (
        select x.value->'prices' as prices, (x.value->'constraint'->>'start_date')::date as start_date
          from pg_catalog.jsonb_array_elements(case when pg_catalog.jsonb_typeof(mt.model->'prices') = 'array'
                                                    then mt.model->'prices'
                                                    else pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object('prices', mt.model->'prices')) end) as x
         where coalesce(x.value->'constraint', '{}') - 'start_date' = '{}'::jsonb
      ) as ps
     where ps.start_date is null or ps.start_date <= at
     order by mt.provider, mt.api_identifier, ps.start_date desc nulls last
  ),
  mapped as (
    select f.provider, f.api_identifier, k.key,
           case when pg_catalog.jsonb_typeof(f.prices->k.price_key) = 'object' then f.prices->k.price_key->'base'
                else f.prices->k.price_key end as value, f.entry, 1000000 as per
      from in_force f join keys k on f.prices ? k.price_key
    union all
    select f.provider, f.api_identifier, k.long_context_key, t.value->'price', f.entry, 1000000
      from in_force f
      join keys k on k.long_context_key is not null and pg_catalog.jsonb_typeof(f.prices->k.price_key) = 'object'
      cross join lateral (select x.value from pg_catalog.jsonb_array_elements(f.prices->k.price_key->'tiers') as x
                           order by (x.value->>'start')::numeric limit 1) as t
    union all
    (select distinct on (f.provider, f.api_identifier) f.provider, f.api_identifier, 'long_context_threshold_tokens', t.value->'start', f.entry, 1
      from in_force f
      join keys k on pg_catalog.jsonb_typeof(f.prices->k.price_key) = 'object'
      cross join lateral (select x.value from pg_catalog.jsonb_array_elements(f.prices->k.price_key->'tiers') as x
                           order by (x.value->>'start')::numeric limit 1) as t
     order by f.provider, f.api_identifier, (t.value->>'start')::numeric)
  )
  select m.provider, m.api_identifier, m.key,
         case when pr.problem is null then ai_model_sync.price(m.value, m.per) end, m.entry, pr.problem
    from mapped m, lateral (select ai_model_sync.price_entry_problem(m.key, m.value, m.per) as problem) as pr
   where m.value is not null and m.value <> 'null'::jsonb
$$;
comment on function ai_model_sync.genai_prices_prices(jsonb, date) is
  'Maps genai-prices'' data file to (provider, api_identifier, config key, value per token) by its own rules: the '
  'provider id (x-ai = xai), each model''s match clause tried on the model''s own id and on every id of the '
  'provider''s rows and pending lists (price_candidates) (the first matching model wins), the price set in force at `at` (the latest start_date not after it; '
  'off-peak time windows are not list prices); *_mtok per 1M tokens; a tiered price {base, tiers} gives the base '
  'and the first tier as the long-context tier. entry is provider/model id; problem says why a value is skipped.';
