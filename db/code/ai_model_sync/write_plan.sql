create or replace function ai_model_sync.write_plan(provider text, guard jsonb) returns jsonb
language sql
set search_path = pg_catalog, pg_temp
as $$
  with updated as (
    update public.ai_providers t
       set config = coalesce(p.m->'config', p.defaults), defaults_snapshot = p.defaults,
           name = p.new_name, name_snapshot = p.name,
           description = p.new_description, description_snapshot = p.description,
           is_active = p.new_active, is_listed = true, updated_at = now()
      from pg_temp.ai_model_sync_plan p
     where t.provider = write_plan.provider and t.id = p.row_id and p.action in ('update', 'reactivate')
    returning t.id
  ),
  inserted as (
    insert into public.ai_providers
      (provider, api_identifier, name, description, config, defaults_snapshot, name_snapshot, description_snapshot,
       is_active, is_listed)
    select write_plan.provider, p.api_identifier, p.name, p.description, p.defaults, p.defaults, p.name, p.description,
           true, true
      from pg_temp.ai_model_sync_plan p
     where p.action = 'insert'
     order by p.ord
    -- a row inserted by hand since the plan was made wins; the report then misses that model (settle_unchanged
    -- notices and merges the next list in full)
    on conflict (provider, api_identifier) do nothing
    returning id
  ),
  deactivated as (
    update public.ai_providers t
       set is_listed = false,
           is_active = case when g.deactivates then false else t.is_active end,
           updated_at = now()
      from pg_temp.ai_model_sync_gone g
     where t.provider = write_plan.provider and t.id = g.id
       and (not (guard->>'holds')::boolean or g.filtered is not null) -- issue 15: filtered ones always go
    returning t.api_identifier, g.deactivates, g.filtered
  )
  select jsonb_build_object(
    'inserted', (select count(*) from inserted),
    'written', (select count(*) from updated),
    'deactivated_models', (select coalesce(jsonb_agg(d.api_identifier order by d.api_identifier), '[]'::jsonb)
                             from deactivated d where d.deactivates),
    -- issue 15: why each was deactivated
    'deactivated_reasons', (select coalesce(jsonb_agg(jsonb_build_object(
                                 'api_identifier', d.api_identifier,
                                 'reason', coalesce('filtered: ' || d.filtered, 'not in the provider''s list'))
                               order by d.api_identifier), '[]'::jsonb)
                              from deactivated d where d.deactivates))
$$;
comment on function ai_model_sync.write_plan(text, jsonb) is
  'Step 6 of apply_batch: writes the plan in one statement: updates the rows planned as update or reactivate, '
  'inserts the new models (a row inserted by hand meanwhile wins), marks the gone rows unlisted and deactivates '
  'them unless the guard holds (those the model filters removed always). Rows planned as unchanged or manual are not touched. Returns what it wrote.';
