-- jit = off: every statement here runs once over rows it has just read, and at tens of thousands of models the
-- merge's estimated cost passes the JIT thresholds, whose LLVM compilation then takes seconds, more than the merge
-- (found by make bench). The caller's setting is restored on return.
create or replace function ai_model_sync.apply_batch(batch_id bigint, force boolean default false) returns jsonb
language plpgsql
set search_path = ''
set jit = off
as $$
declare
  batch public.ai_model_fetches;
  previous public.ai_model_fetches;
  bad record;
  input_digest text;
  batch_report jsonb;
begin
  select * into batch from public.ai_model_fetches f where f.id = batch_id;
  if not found then
    raise exception using errcode = 'no_data_found',
      message = pg_catalog.format('no staged batch with id %s', batch_id),
      hint = 'Stage a list first: insert into ai_model_fetches (provider, payload) values (...).';
  end if;
  -- for history triggers and logs: which batch is writing (cleared again before returning)
  perform pg_catalog.set_config('ai_model_sync.batch_id', batch_id::text, true);

  select p.ord, p.api_identifier, p.problem into bad from ai_model_sync.payload_problem(batch.payload) as p limit 1;
  if found and bad.ord is null then
    raise exception using errcode = 'invalid_parameter_value',
      message = pg_catalog.format('%s batch %s: %s', batch.provider, batch_id, bad.problem),
      detail = pg_catalog.format('payload starts with: %s', pg_catalog.left(batch.payload::text, 200)),
      hint = 'Stage the list exactly as the provider returned it, every page concatenated into one JSON array.';
  elsif found then
    raise exception using errcode = 'invalid_parameter_value',
      message = pg_catalog.format('%s batch %s: model %s of %s %s', batch.provider, batch_id, bad.ord,
                                  pg_catalog.jsonb_array_length(batch.payload), bad.problem),
      detail = pg_catalog.format('entry %s: %s', bad.ord, pg_catalog.left((batch.payload -> (bad.ord - 1))::text, 300)),
      hint = 'The provider answered with something that is not a well-formed model list; nothing of this provider was changed.';
  end if;

  -- The same input over rows nobody changed since the last applied batch merges to exactly what is there:
  -- settle it without parsing or writing anything (the hourly no-op).
  input_digest := ai_model_sync.input_fingerprint(batch.provider, batch.payload);
  select * into previous
    from public.ai_model_fetches f
   where f.provider = batch.provider and f.status = 'applied'
   order by f.applied_at desc, f.id desc
   limit 1;
  if not force
     and previous.fingerprint = input_digest || '/' || ai_model_sync.rows_fingerprint(batch.provider)
     -- every listed model was accounted for (none lost to a hand insert racing the merge)
     and (previous.report->>'models')::bigint
         = (previous.report->>'inserted')::bigint + (previous.report->>'updated')::bigint
           + (previous.report->>'unchanged')::bigint + (previous.report->>'reactivated')::bigint
           + pg_catalog.jsonb_array_length(previous.report->'manual_rows') then
    batch_report := previous.report || pg_catalog.jsonb_build_object(
      'batch', batch_id, 'inserted', 0, 'updated', 0, 'deactivated', 0, 'reactivated', 0,
      'unchanged', (previous.report->>'inserted')::bigint + (previous.report->>'updated')::bigint
                   + (previous.report->>'unchanged')::bigint + (previous.report->>'reactivated')::bigint,
      'deactivated_models', '[]'::jsonb, 'conflicts', '[]'::jsonb, 'adjusted', '[]'::jsonb,
      'same_as_batch', previous.id);
    update public.ai_model_fetches f
       set status = 'applied', applied_at = pg_catalog.now(), report = batch_report, fingerprint = previous.fingerprint
     where f.id = batch_id;
    perform pg_catalog.set_config('ai_model_sync.batch_id', '', true);
    return batch_report;
  end if;

  -- Parse the payload once into a temporary table that validation and the merge read.
  if pg_catalog.to_regclass('pg_temp.ai_model_sync_staged') is not null then
    drop table pg_temp.ai_model_sync_staged;
  end if;
  create temporary table ai_model_sync_staged on commit drop as
    select s.*, ai_model_sync.version_base(s.api_identifier) as family
      from ai_model_sync.staged_models(batch.provider, batch.payload) as s;
  analyze pg_temp.ai_model_sync_staged;

  -- Validate every entry before touching anything: the first malformed entry or duplicate id fails the batch.
  select s.ord, s.api_identifier, s.problem into bad
    from pg_temp.ai_model_sync_staged as s
   where s.problem is not null
   order by s.ord
   limit 1;
  if found then
    raise exception using errcode = 'invalid_parameter_value',
      message = pg_catalog.format('%s batch %s: model %s of %s %s', batch.provider, batch_id, bad.ord,
                                  pg_catalog.jsonb_array_length(batch.payload),
                                  coalesce('(' || pg_catalog.left(bad.api_identifier, 80) || ') ', '') || bad.problem),
      detail = pg_catalog.format('entry %s: %s', bad.ord, pg_catalog.left((batch.payload -> (bad.ord - 1))::text, 300)),
      hint = 'The provider answered with something that is not a well-formed model list; nothing of this provider was changed.';
  end if;

  select s.api_identifier, pg_catalog.array_agg(s.ord order by s.ord) as ords
    into bad
    from pg_temp.ai_model_sync_staged as s
   group by s.api_identifier
  having pg_catalog.count(*) > 1
   order by pg_catalog.min(s.ord)
   limit 1;
  if found then
    raise exception using errcode = 'unique_violation',
      message = pg_catalog.format('%s batch %s: duplicate model id %s (entries %s)', batch.provider, batch_id,
                                  bad.api_identifier, pg_catalog.array_to_string(bad.ords, ', ')),
      detail = 'A complete list names each model once; a repeated id means pages overlapped or the list is corrupt.',
      hint = 'Fetch the list again; nothing of this provider was changed.';
  end if;

  -- Lock the provider's rows first, then read them: the merge below is a new statement with a new snapshot,
  -- so it sees every manual edit committed before these locks, and none can commit until this batch is done.
  perform from public.ai_providers p where p.provider = batch.provider order by p.id for no key update;

  with staged as (
    select s.ord, s.api_identifier, s.family, coalesce(s.name, s.api_identifier) as name, s.description,
           s.max_input_tokens, s.max_output_tokens, s.reported
      from pg_temp.ai_model_sync_staged as s
  ),
  catalog_hits as (
    -- dated prices (issue 12): the entry's config with the price in force now
    select s.ord, c.tier, 1 as specificity, ai_model_sync.catalog_config_at(c.config, c.prices, pg_catalog.now()) as config
      from staged s
      join public.ai_model_catalog c on c.provider = batch.provider and c.model = s.api_identifier
    union all
    select s.ord, c.tier, 2 as specificity, ai_model_sync.catalog_config_at(c.config, c.prices, pg_catalog.now()) as config
      from staged s
      join public.ai_model_catalog c on c.provider = batch.provider and c.match = 'family'
                                    and c.model = s.family and s.family <> s.api_identifier
  ),
  catalog_best as (
    -- per tier, an exact-id entry beats a family entry
    select distinct on (h.ord, h.tier) h.ord, h.tier, h.config
      from catalog_hits h
     order by h.ord, h.tier, h.specificity
  ),
  catalog as (
    -- across tiers, key by key: builtin < imported (< what the provider reports) < admin
    select b.ord,
           ai_model_sync.jsonb_merge_agg(b.config order by b.tier) filter (where b.tier <> 'admin') as config,
           ai_model_sync.jsonb_merge_agg(b.config) filter (where b.tier = 'admin') as admin_config
      from catalog_best b
     group by b.ord
  ),
  incoming as (
    select s.ord, s.api_identifier, s.name, s.description,
           ai_model_sync.model_defaults(batch.provider, s.api_identifier, s.max_input_tokens, s.max_output_tokens,
                                        s.reported, c.config, c.admin_config) as defaults
      from staged s
      left join catalog c on c.ord = s.ord
  ),
  -- Prices never vanish silently (issue 12): a cost key the new defaults lack keeps the row's last price, stale.
  defaults_kept as (
    select i.ord, i.api_identifier, i.name, i.description,
           ai_model_sync.keep_stale_prices(i.defaults, t.defaults_snapshot, t.config) as defaults
      from incoming i
      left join public.ai_providers t on t.provider = batch.provider and t.api_identifier = i.api_identifier
  ),
  merged as (
    select i.*, t.id as row_id, t.is_active as was_active,
           t.id is not null and t.defaults_snapshot is null as manual_row,
           -- the key-by-key merge runs only for rows with manual edits; an untouched row simply takes the defaults
           case when t.config is distinct from t.defaults_snapshot and t.defaults_snapshot is not null
                then ai_model_sync.merge_config(t.config, t.defaults_snapshot, i.defaults) end as m,
           case when t.name is null or t.name is not distinct from t.name_snapshot then i.name else t.name end as new_name,
           case when t.description is null or t.description is not distinct from t.description_snapshot
                then i.description else t.description end as new_description,
           case when t.is_active is not distinct from t.is_listed then true else t.is_active end as new_active,
           t.name as cur_name, t.name_snapshot, t.description as cur_description, t.description_snapshot
      from defaults_kept i
      left join public.ai_providers t on t.provider = batch.provider and t.api_identifier = i.api_identifier
  ),
  updated as (
    update public.ai_providers t
       set config = coalesce(m.m->'config', m.defaults), defaults_snapshot = m.defaults,
           name = m.new_name, name_snapshot = m.name,
           description = m.new_description, description_snapshot = m.description,
           is_active = m.new_active, is_listed = true, updated_at = pg_catalog.now()
      from merged m
     where t.provider = batch.provider and t.id = m.row_id and not m.manual_row
       and (t.config, t.defaults_snapshot, t.name, t.name_snapshot, t.description, t.description_snapshot, t.is_active, t.is_listed)
           is distinct from
           (coalesce(m.m->'config', m.defaults), m.defaults, m.new_name, m.name, m.new_description, m.description, m.new_active, true)
    returning t.id, m.was_active, t.is_active
  ),
  inserted as (
    insert into public.ai_providers
      (provider, api_identifier, name, description, config, defaults_snapshot, name_snapshot, description_snapshot,
       is_active, is_listed)
    select batch.provider, m.api_identifier, m.name, m.description, m.defaults, m.defaults, m.name, m.description, true, true
      from merged m
     where m.row_id is null
    on conflict (provider, api_identifier) do nothing
    returning id
  ),
  gone as (
    -- synced rows that the previous list had and this one lacks
    select t.id, t.api_identifier, t.is_active,
           t.is_active and t.is_active is not distinct from t.is_listed as deactivates
      from public.ai_providers t
     where t.provider = batch.provider and t.defaults_snapshot is not null and t.is_listed
       and not exists (select from staged s where s.api_identifier = t.api_identifier)
  ),
  guard as (
    select (select pg_catalog.count(*) from staged) as listed,
           (select pg_catalog.count(*) from gone where deactivates) as deactivating,
           (select pg_catalog.count(*) from public.ai_providers t
             where t.provider = batch.provider and t.defaults_snapshot is not null and t.is_active) as active
  ),
  guard_holds as (
    select not force and g.deactivating > 0 and (g.listed = 0 or g.deactivating * 2 > g.active) as holds, g.*
      from guard g
  ),
  deactivated as (
    update public.ai_providers t
       set is_listed = false,
           is_active = case when g.deactivates then false else t.is_active end,
           updated_at = pg_catalog.now()
      from gone g, guard_holds h
     where t.provider = batch.provider and t.id = g.id and not h.holds
    returning t.api_identifier, g.deactivates
  ),
  overrides as (
    select m.api_identifier, o.value as item
      from merged m, pg_catalog.jsonb_array_elements(m.m->'overrides') as o
     where m.m is not null
    union all
    select m.api_identifier, pg_catalog.jsonb_build_object('key', f.key, 'value', f.value, 'default', f.dflt)
      from merged m,
           lateral (values ('name', m.cur_name, m.name, m.name_snapshot),
                           ('description', m.cur_description, m.description, m.description_snapshot)) as f(key, value, dflt, snap)
     where not m.manual_row and (m.cur_name is distinct from m.name_snapshot or m.cur_description is distinct from m.description_snapshot)
       and f.value is not null and f.value is distinct from f.snap and f.value is distinct from f.dflt
  ),
  conflicts as (
    select m.api_identifier, o.value as item
      from merged m, pg_catalog.jsonb_array_elements(m.m->'conflicts') as o
     where m.m is not null
    union all
    select m.api_identifier,
           pg_catalog.jsonb_build_object('key', f.key, 'value', f.value, 'old_default', f.snap, 'new_default', f.dflt)
      from merged m,
           lateral (values ('name', m.cur_name, m.name, m.name_snapshot),
                           ('description', m.cur_description, m.description, m.description_snapshot)) as f(key, value, dflt, snap)
     where not m.manual_row and (m.cur_name is distinct from m.name_snapshot or m.cur_description is distinct from m.description_snapshot)
       and f.value is not null and f.value is distinct from f.snap
       and f.value is distinct from f.dflt and f.dflt is distinct from f.snap
  )
  select pg_catalog.jsonb_build_object(
    'provider', batch.provider,
    'batch', batch_id,
    'status', 'applied',
    'models', (select listed from guard),
    'inserted', (select pg_catalog.count(*) from inserted),
    'updated', (select pg_catalog.count(*) from updated u where not (u.is_active and not u.was_active)),
    'reactivated', (select pg_catalog.count(*) from updated u where u.is_active and not u.was_active),
    'unchanged', (select pg_catalog.count(*) from merged m where m.row_id is not null and not m.manual_row)
                 - (select pg_catalog.count(*) from updated),
    'deactivated', (select pg_catalog.count(*) from deactivated d where d.deactivates),
    'deactivated_models', (select coalesce(pg_catalog.jsonb_agg(d.api_identifier order by d.api_identifier), '[]'::jsonb)
                             from deactivated d where d.deactivates),
    'manual_rows', (select coalesce(pg_catalog.jsonb_agg(m.api_identifier order by m.api_identifier), '[]'::jsonb)
                      from merged m where m.manual_row),
    'overrides', (select coalesce(pg_catalog.jsonb_agg(o.item || pg_catalog.jsonb_build_object('api_identifier', o.api_identifier)
                                                       order by o.api_identifier, o.item->>'key'), '[]'::jsonb)
                    from overrides o),
    'conflicts', (select coalesce(pg_catalog.jsonb_agg(c.item || pg_catalog.jsonb_build_object('api_identifier', c.api_identifier)
                                                       order by c.api_identifier, c.item->>'key'), '[]'::jsonb)
                    from conflicts c),
    'adjusted', (select coalesce(pg_catalog.jsonb_agg(a.value || pg_catalog.jsonb_build_object('api_identifier', m.api_identifier)
                                                      order by m.api_identifier), '[]'::jsonb)
                   from merged m, pg_catalog.jsonb_array_elements(m.m->'adjusted') as a
                  where m.m is not null),
    'stale_prices', (select coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                                 'api_identifier', m.api_identifier, 'key', k.key, 'value', m.defaults->k.key)
                               order by m.api_identifier, k.key), '[]'::jsonb)
                       from merged m, pg_catalog.jsonb_array_elements_text(m.defaults->'stale_price_keys') as k(key)
                      where not m.manual_row and m.defaults ? 'stale_price_keys'),
    'unpriced', (select coalesce(pg_catalog.jsonb_agg(m.api_identifier order by m.api_identifier), '[]'::jsonb)
                   from merged m where not m.manual_row and not (m.defaults ? 'input_token_cost_rate')),
    -- listed with a price that is not per token, or none (issue 12: Together's image / audio / 0-priced models)
    'not_token_priced', (select coalesce(pg_catalog.jsonb_agg(s.api_identifier order by s.api_identifier), '[]'::jsonb)
                           from pg_temp.ai_model_sync_staged s where s.not_token_priced),
    'warnings', (select coalesce(pg_catalog.jsonb_agg(w order by w), '[]'::jsonb) from (
                   select case
                     when h.listed = 0 then pg_catalog.format(
                       'guard held: the list is empty; %s active models were not deactivated (CALL sync_ai_models(force => true) to override)',
                       h.deactivating)
                     else pg_catalog.format(
                       'guard held: the list lacks %s of %s active models, more than half; none was deactivated (CALL sync_ai_models(force => true) to override)',
                       h.deactivating, h.active)
                   end as w
                   from guard_holds h where h.holds
                   union all
                   select 'the list is empty' from guard_holds h where h.listed = 0 and not h.holds
                 ) as ws)
  ) into batch_report;

  update public.ai_model_fetches f
     set status = 'applied', applied_at = pg_catalog.now(), report = batch_report,
         fingerprint = input_digest || '/' || ai_model_sync.rows_fingerprint(batch.provider)
   where f.id = batch_id;
  drop table pg_temp.ai_model_sync_staged;
  perform pg_catalog.set_config('ai_model_sync.batch_id', '', true);
  return batch_report;
end
$$;
comment on function ai_model_sync.apply_batch(bigint, boolean) is
  'Applies one staged batch set-based: validates every entry (raising on the first problem), locks the provider''s '
  'rows, computes defaults (catalog + provider-reported values), three-way merges existing rows, inserts new models, '
  'deactivates synced models the list lacks unless the guard holds (empty list, or more than half of the active '
  'synced models gone; force overrides), writes no unchanged row, marks the batch applied and returns its report. '
  'Callers hold the provider''s advisory lock (see apply_provider).';
