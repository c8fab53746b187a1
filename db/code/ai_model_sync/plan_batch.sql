create or replace function ai_model_sync.plan_batch(provider text) returns void
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
begin
  if to_regclass('pg_temp.ai_model_sync_plan') is not null then
    drop table pg_temp.ai_model_sync_plan;
  end if;
  -- One row per listed model: its defaults (SPEC 4.1), the merged values (SPEC 4.2) and what to do with its row.
  create temporary table ai_model_sync_plan on commit drop as
  with incoming as (
    select s.ord, s.api_identifier, coalesce(s.name, s.api_identifier) as name, s.description,
           ai_model_sync.model_defaults(plan_batch.provider, s.api_identifier, s.max_input_tokens, s.max_output_tokens,
                                        s.reported, c.config, c.admin_config) as defaults
      from pg_temp.ai_model_sync_staged s
      left join ai_model_sync.catalog_config(plan_batch.provider) c on c.ord = s.ord
  ),
  merged as (
    select i.*, t.id as row_id, t.is_active as was_active, t.is_listed as was_listed,
           t.id is not null and t.defaults_snapshot is null as manual_row,
           t.config as cur_config, t.defaults_snapshot as cur_snapshot,
           -- SPEC 4.2, key by key, only for rows with manual edits; an untouched row simply takes the defaults
           case when t.config is distinct from t.defaults_snapshot and t.defaults_snapshot is not null
                then ai_model_sync.merge_config(t.config, t.defaults_snapshot, i.defaults) end as m,
           -- name and description follow the same rule: untouched (or cleared) values take the new default
           case when t.name is null or t.name is not distinct from t.name_snapshot then i.name else t.name end as new_name,
           case when t.description is null or t.description is not distinct from t.description_snapshot
                then i.description else t.description end as new_description,
           -- SPEC 4.3: a listed model is active again, unless an admin disabled it while it was listed
           case when t.is_active is not distinct from t.is_listed then true else t.is_active end as new_active,
           t.name as cur_name, t.name_snapshot, t.description as cur_description, t.description_snapshot
      from incoming i
      left join public.ai_providers t on t.provider = plan_batch.provider and t.api_identifier = i.api_identifier
  )
  select m.*, coalesce(m.m->'config', m.defaults) as new_config,
         case
           when m.row_id is null then 'insert'
           -- rows created by hand (defaults_snapshot NULL) are never written by the sync
           when m.manual_row then 'manual'
           -- SPEC 4.3: a row whose content does not change is not written at all
           when (m.cur_config, m.cur_snapshot, m.cur_name, m.name_snapshot, m.cur_description, m.description_snapshot,
                 m.was_active, m.was_listed)
                is not distinct from
                (coalesce(m.m->'config', m.defaults), m.defaults, m.new_name, m.name, m.new_description, m.description,
                 m.new_active, true) then 'unchanged'
           when m.new_active and not m.was_active then 'reactivate'
           else 'update'
         end as action
    from merged m;
end
$$;
comment on function ai_model_sync.plan_batch(text) is
  'Step 4 of apply_batch: one statement that plans every listed model of pg_temp.ai_model_sync_staged into '
  'pg_temp.ai_model_sync_plan: its defaults (catalog + what the list reports, SPEC 4.1), the three-way merge of rows '
  'with manual edits (SPEC 4.2), the new name, description and is_active, and its action: insert, update, '
  'reactivate, unchanged, or manual (a hand-made row, never written). Run after the provider''s rows are locked.';
