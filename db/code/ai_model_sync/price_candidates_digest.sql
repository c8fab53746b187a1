create or replace function ai_model_sync.price_candidates_digest() returns text
language sql stable parallel safe
set search_path = pg_catalog, pg_temp
as $$
  select pg_catalog.md5(coalesce(pg_catalog.string_agg(c.provider || '/' || c.api_identifier, E'\n'
                                                        order by c.provider, c.api_identifier), ''))
    from ai_model_sync.price_candidates() as c
   where c.provider in (select p.provider from ai_model_sync.genai_prices_providers() as p)
$$;
comment on function ai_model_sync.price_candidates_digest() is
  'A digest of the candidate ids of the providers genai-prices covers: when it changes, the applied genai-prices copy '
  'is matched again (new models get their prices without a new copy of the table).';
