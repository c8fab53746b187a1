create or replace function ai_model_sync.filter_staged(provider text) returns bigint
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
declare
  f record;
  removed bigint;
begin
  -- What the filters removed from this batch, for the guard and the report of apply_batch.
  if pg_catalog.to_regclass('pg_temp.ai_model_sync_filtered') is null then
    create temporary table ai_model_sync_filtered (api_identifier text primary key, reason text not null) on commit drop;
  else
    truncate pg_temp.ai_model_sync_filtered;
  end if;

  select nullif(coalesce(p.include, g.include), '{}') as include,
         coalesce(p.exclude, '{}') || coalesce(g.exclude, '{}') as exclude,
         nullif(coalesce(p.kinds, g.kinds), '{}') as kinds
    into f
    from (select) as one
    left join ai_model_sync.model_filters p on p.provider = filter_staged.provider
    left join ai_model_sync.model_filters g on g.provider = '*';
  if f.include is null and pg_catalog.cardinality(f.exclude) = 0 and f.kinds is null then
    return 0;
  end if;

  -- The kind as the merge will see it (only needed for a kinds filter): the row's manual override, else the admin
  -- catalog tier, else what the list reports, else the other catalog tiers, else the kind rule (model_defaults).
  with kinds as (
    select s.api_identifier,
           coalesce(case when t.defaults_snapshot is null or t.config->'kind' is distinct from t.defaults_snapshot->'kind'
                         then t.config->>'kind' end,
                    c.admin_config->>'kind', s.reported->>'kind', c.config->>'kind', s.kind_rule->>'kind') as kind
      from pg_temp.ai_model_sync_staged s
      left join ai_model_sync.catalog_config(filter_staged.provider) c on f.kinds is not null and c.ord = s.ord
      left join public.ai_providers t on f.kinds is not null and t.provider = filter_staged.provider
                                     and t.api_identifier = s.api_identifier
  ),
  decided as (
    select k.api_identifier,
           case
             when f.include is not null
                  and not exists (select from pg_catalog.unnest(f.include) as i(glob)
                                   where k.api_identifier like ai_model_sync.glob_like(i.glob)) then
               pg_catalog.format('include: matches none of %s', pg_catalog.array_to_string(f.include, ', '))
             when exists (select from pg_catalog.unnest(f.exclude) as x(glob) where k.api_identifier like ai_model_sync.glob_like(x.glob)) then
               pg_catalog.format('exclude: matches %s', (select pg_catalog.string_agg(x.glob, ', ')
                                                           from pg_catalog.unnest(f.exclude) as x(glob)
                                                          where k.api_identifier like ai_model_sync.glob_like(x.glob)))
             when f.kinds is not null and not coalesce(k.kind, 'unclassified') = any (f.kinds) then
               pg_catalog.format('kinds: %s is not one of %s', coalesce(k.kind, 'unclassified'), pg_catalog.array_to_string(f.kinds, ', '))
           end as reason
      from kinds k
  )
  insert into pg_temp.ai_model_sync_filtered (api_identifier, reason)
  select d.api_identifier, d.reason from decided d where d.reason is not null;
  get diagnostics removed = row_count;

  delete from pg_temp.ai_model_sync_staged s using pg_temp.ai_model_sync_filtered x where x.api_identifier = s.api_identifier;
  return removed;
end
$$;
comment on function ai_model_sync.filter_staged(text) is
  'Applies the provider''s model filters (ai_model_sync.model_filters: its row, and the * row) to the batch being '
  'applied: removes from pg_temp.ai_model_sync_staged every model that matches no include glob, matches an exclude '
  'glob, or whose kind is not one of kinds (unclassified stands for a null kind), and records each with its reason '
  'in pg_temp.ai_model_sync_filtered. Returns how many it removed. Called by apply_batch after validation.';
