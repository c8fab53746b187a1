create or replace function ai_model_sync.prices_fingerprint(provider text) returns text
language sql stable parallel safe
set search_path = pg_catalog, pg_temp
as $$
  select pg_catalog.md5(
           (select pg_catalog.concat_ws(' ', s.policy, s.quorum) from ai_model_sync.price_settings s)
           || E'\n' || coalesce((select pg_catalog.string_agg(pg_catalog.concat_ws(' ', v.api_identifier, v.key, v.source, v.value), E'\n'
                                                               order by v.api_identifier, v.key, v.source)
                                  from ai_model_sync.price_values v where v.provider = prices_fingerprint.provider), ''))
$$;
comment on function ai_model_sync.prices_fingerprint(text) is
  'A digest of what the price sources give a provider''s merge: the price policy, the quorum and every source''s '
  'values for the provider''s models. Part of input_fingerprint: a change of either re-merges at the next sync.';
