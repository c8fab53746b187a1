create or replace function ai_model_sync.input_fingerprint(provider text, payload jsonb) returns text
language sql stable parallel safe
set search_path = pg_catalog, pg_temp
as $$
  select pg_catalog.md5(payload::text)
         || ':' || (select pg_catalog.md5(coalesce(pg_catalog.string_agg(
                             pg_catalog.concat_ws(' ', c.model, c.match, c.tier,
                               -- the price in force now: a dated switch makes the next sync merge again
                               ai_model_sync.catalog_config_at(c.config, c.prices, pg_catalog.now()), c.prices),
                             E'\n' order by c.model, c.tier), ''))
                      from public.ai_model_catalog c where c.provider = input_fingerprint.provider)
         || ':' || (select pg_catalog.md5(pg_catalog.string_agg(p.prosrc, E'\n' order by p.proname, p.oid))
                      from pg_catalog.pg_proc p where p.pronamespace = 'ai_model_sync'::regnamespace)
         -- issue 15: the kind rules and the model filters (a filter change is a configuration change)
         || ':' || (select pg_catalog.md5(coalesce(pg_catalog.string_agg(
                             pg_catalog.concat_ws(' ', r.position, r.pattern, r.config), E'\n' order by r.position), ''))
                      from ai_model_sync.kind_rules r where r.provider = input_fingerprint.provider)
         || ':' || (select pg_catalog.md5(coalesce(pg_catalog.string_agg(
                             pg_catalog.concat_ws(' ', m.provider, coalesce(m.include::text, '-'), coalesce(m.exclude::text, '-'), coalesce(m.kinds::text, '-')), E'\n' order by m.provider), ''))
                      from ai_model_sync.model_filters m where m.provider in (input_fingerprint.provider, '*'))
         -- issue 13: the price sources' values for the provider, the price policy and the quorum
         || ':' || ai_model_sync.prices_fingerprint(input_fingerprint.provider)
$$;
comment on function ai_model_sync.input_fingerprint(text, jsonb) is
  'A digest of everything a batch''s merge depends on besides the rows: the payload, the provider''s catalog entries '
  '(with the dated price in force now, so that the hourly no-op merges again once a scheduled price starts or ends), '
  'the code of the ai_model_sync functions, the provider''s kind rules, the model filters that apply to it, and the price sources'' values with the price policy and quorum.';
