create or replace function ai_model_sync.price_consensus(provider text default null, quorum integer default null)
returns table (provider text, api_identifier text, key text, value numeric, sources text[], since timestamptz)
language sql stable parallel safe
set search_path = pg_catalog, pg_temp
as $$
  with settings as (
    select coalesce(price_consensus.quorum, (select s.quorum from ai_model_sync.price_settings s), 2) as quorum
  ),
  agreeing as (
    -- numeric equality: 0.0000025 from a per-token table equals 2.5 / 1e6 from a per-1M one
    select v.provider, v.api_identifier, v.key, v.value, pg_catalog.array_agg(v.source order by v.source) as sources,
           pg_catalog.max(v.since) as since, pg_catalog.count(*) as n
      from ai_model_sync.price_values v
     where price_consensus.provider is null or v.provider = price_consensus.provider
     group by v.provider, v.api_identifier, v.key, v.value
  ),
  ranked as (
    select a.*, pg_catalog.rank() over w as r, pg_catalog.count(*) over (partition by a.provider, a.api_identifier, a.key, a.n) as same_n
      from agreeing a, settings s
     where a.n >= s.quorum
    window w as (partition by a.provider, a.api_identifier, a.key order by a.n desc)
  )
  -- the value the most sources give; two values backed by as many sources each are no consensus
  select r.provider, r.api_identifier, r.key, pg_catalog.trim_scale(r.value), r.sources, r.since
    from ranked r
   where r.r = 1 and r.same_n = 1
$$;
comment on function ai_model_sync.price_consensus(text, integer) is
  'Per model and config key, the value that at least quorum price sources (default: ai_model_sync.price_settings) '
  'give identically, with the sources that agree and since when they all do (the latest of their since). One '
  'provider, or all when provider is NULL.';
