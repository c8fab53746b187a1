-- The invariants of the catalog, as one read-only function that returns their violations (no row = all hold).
-- The reliability tests call it after every race, crash and hostile-input scenario; operators may call it too.
-- Each invariant is one set-based query; they are glued with UNION ALL and ordered for stable output.

create or replace function public.ai_models_check()
returns table (invariant text, provider text, api_identifier text, detail text)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  -- unique (provider, api_identifier). The table's unique constraint enforces it; checked anyway so that the
  -- function stands on its own (a dropped or deferred constraint would show here).
  select 'duplicate_model', p.provider, p.api_identifier,
         pg_catalog.format('%s rows share this provider and api_identifier', pg_catalog.count(*))
    from public.ai_providers p
   group by p.provider, p.api_identifier
  having pg_catalog.count(*) > 1

  union all
  -- every synced row has its snapshots. The sync sets is_listed, defaults_snapshot and name_snapshot together;
  -- rows created by hand have none of them. A row with some but not all was half-written.
  select 'snapshot_missing', p.provider, p.api_identifier,
         pg_catalog.format('is_listed = %s, defaults_snapshot %s, name_snapshot %s',
                           coalesce(p.is_listed::text, 'NULL'),
                           case when p.defaults_snapshot is null then 'NULL' else 'set' end,
                           case when p.name_snapshot is null then 'NULL' else 'set' end)
    from public.ai_providers p
   where (p.is_listed is not null or p.defaults_snapshot is not null)
     and (p.is_listed is null or p.defaults_snapshot is null or p.name_snapshot is null)

  union all
  -- config (and the defaults the sync computed) valid: costs non-negative numbers or null, token counts positive
  -- whole numbers, tokenization_strategy of a known type. The trigger on ai_providers checks manual writes only
  -- (it skips config = defaults_snapshot), so invalid defaults coming from a payload or the catalog show up here.
  select 'config_invalid', p.provider, p.api_identifier, pg_catalog.format('%s: %s', v.col, b.problem)
    from public.ai_providers p
   cross join lateral (values ('config', p.config), ('defaults_snapshot', p.defaults_snapshot)) as v(col, cfg)
    join (
      -- config_problem() costs tens of microseconds a call: run it once per distinct value (most rows have
      -- config = defaults_snapshot, and many rows share their defaults)
      select d.cfg, ai_model_sync.config_problem(d.cfg) as problem
        from (select x.config from public.ai_providers x
              union
              select x.defaults_snapshot from public.ai_providers x where x.defaults_snapshot is not null) as d(cfg)
    ) as b on b.cfg = v.cfg
   where b.problem is not null

  union all
  -- hard_cap_output_tokens <= provider_max_output_tokens where both are known numbers (SPEC 4.2), in config and in
  -- the defaults.
  select 'cap_above_max', p.provider, p.api_identifier,
         pg_catalog.format('%s: hard_cap_output_tokens %s > provider_max_output_tokens %s',
                           v.col, v.cfg->'hard_cap_output_tokens', v.cfg->'provider_max_output_tokens')
    from public.ai_providers p
   cross join lateral (values ('config', p.config), ('defaults_snapshot', p.defaults_snapshot)) as v(col, cfg)
   where pg_catalog.jsonb_typeof(v.cfg->'hard_cap_output_tokens') = 'number'
     and pg_catalog.jsonb_typeof(v.cfg->'provider_max_output_tokens') = 'number'
     and (v.cfg->>'hard_cap_output_tokens')::numeric > (v.cfg->>'provider_max_output_tokens')::numeric

  union all
  -- no pending batch older than one that was applied: the sync supersedes older pending batches when it applies
  -- a newer one, and supersedes a stale one on the next CALL. (A batch staged with an old fetched_at while a sync
  -- runs shows here until the next CALL settles it.) Age is the sync's order: fetched_at, then id.
  select 'stale_pending_batch', f.provider, null::text,
         pg_catalog.format('batch %s (fetched %s) is pending, but batch %s, fetched later (%s), was applied',
                           f.id, f.fetched_at, a.id, a.fetched_at)
    from public.ai_model_fetches f
   cross join lateral (
     select a.id, a.fetched_at
       from public.ai_model_fetches a
      where a.provider = f.provider and a.status = 'applied' and (a.fetched_at, a.id) > (f.fetched_at, f.id)
      order by a.fetched_at desc, a.id desc
      limit 1
   ) as a
   where f.status = 'pending'

  union all
  -- every settled batch says what happened: a report, and for a failed one an error message.
  select 'batch_without_report', f.provider, null::text,
         pg_catalog.format('batch %s is %s but has %s', f.id, f.status,
                           case when f.report is null then 'no report' else 'an empty error' end)
    from public.ai_model_fetches f
   where f.status <> 'pending'
     and (f.report is null or (f.status = 'failed' and pg_catalog.btrim(coalesce(f.error, '')) = ''))

  union all
  -- every model of a provider's newest applied list has a row, and a synced row the sync counts as listed:
  -- nothing was lost, nothing was deactivated that the list contains. (An admin may still set is_active = false
  -- on a listed model by hand; is_listed records what the sync saw, so only the sync's own decision is checked.)
  select case when p.id is null then 'listed_model_missing' else 'listed_model_deactivated' end,
         n.provider, s.api_identifier,
         case when p.id is null
              then pg_catalog.format('batch %s lists it but ai_providers has no row', n.id)
              else pg_catalog.format('batch %s lists it but is_listed = %s, is_active = %s',
                                     n.id, coalesce(p.is_listed::text, 'NULL'), p.is_active)
         end
    from (
      select distinct on (f.provider) f.id, f.provider, f.payload
        from public.ai_model_fetches f
       where f.status = 'applied' and pg_catalog.jsonb_typeof(f.payload) = 'array' -- always, for an applied batch
       order by f.provider, f.fetched_at desc, f.id desc
    ) as n
   cross join lateral ai_model_sync.staged_models(n.provider, n.payload) as s
    left join public.ai_providers p on p.provider = n.provider and p.api_identifier = s.api_identifier
   where p.id is null or (p.defaults_snapshot is not null and p.is_listed is distinct from true)

  order by 1, 2, 3, 4
$$;
comment on function public.ai_models_check() is
  'The catalog''s invariants; returns one row per violation (invariant, provider, api_identifier, detail), none when '
  'all hold: duplicate_model, snapshot_missing (a synced row without defaults_snapshot/name_snapshot/is_listed), '
  'config_invalid (config or defaults_snapshot fails ai_model_sync.config_problem), cap_above_max '
  '(hard_cap_output_tokens > provider_max_output_tokens), stale_pending_batch (pending but older than an applied '
  'batch), batch_without_report (settled without report or error), listed_model_missing / listed_model_deactivated '
  '(a model of the provider''s newest applied list without a row, or with a synced row not marked listed). '
  'Read-only; the reliability tests call it after every scenario.';
