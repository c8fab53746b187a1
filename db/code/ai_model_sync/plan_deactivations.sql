create or replace function ai_model_sync.plan_deactivations(provider text, listed bigint, force boolean)
returns jsonb
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
declare
  guard jsonb;
begin
  if to_regclass('pg_temp.ai_model_sync_gone') is not null then
    drop table pg_temp.ai_model_sync_gone;
  end if;
  -- Synced rows (defaults_snapshot set) that the previous list had and this one lacks; rows created by hand are
  -- never deactivated. An inactive one is only marked unlisted; an active one an admin kept active while it was
  -- unlisted before is left active.
  create temporary table ai_model_sync_gone on commit drop as
    select t.id, t.api_identifier, t.is_active and t.is_active is not distinct from t.is_listed as deactivates,
           x.reason as filtered -- issue 15: why the model filters removed it; NULL when the list lacks it
      from public.ai_providers t
      left join pg_temp.ai_model_sync_filtered x on x.api_identifier = t.api_identifier
     where t.provider = plan_deactivations.provider and t.defaults_snapshot is not null and t.is_listed
       and not exists (select from pg_temp.ai_model_sync_staged s where s.api_identifier = t.api_identifier);

  -- SPEC 4.3 guard: an empty list, or one that would deactivate more than half of the active synced models,
  -- deactivates nothing (unless forced). Issue 15: what the model filters removed counts neither as missing nor as
  -- active (a configuration change, not a broken list), and is deactivated even when the guard holds.
  select jsonb_build_object('listed', g.listed, 'kept', g.kept, 'deactivating', g.deactivating, 'active', g.active,
                            'holds', not force and g.deactivating > 0 and (g.listed = 0 or g.deactivating * 2 > g.active))
    into guard
    from (select plan_deactivations.listed as listed,
                 (select count(*) from pg_temp.ai_model_sync_staged) as kept,
                 (select count(*) from pg_temp.ai_model_sync_gone where deactivates and filtered is null) as deactivating,
                 (select count(*) from public.ai_providers t
                   where t.provider = plan_deactivations.provider and t.defaults_snapshot is not null and t.is_active)
                 - (select count(*) from pg_temp.ai_model_sync_gone where deactivates and filtered is not null) as active
         ) as g;
  return guard;
end
$$;
comment on function ai_model_sync.plan_deactivations(text, bigint, boolean) is
  'Step 5 of apply_batch (SPEC 4.3): collects the provider''s synced rows that the list no longer has into '
  'pg_temp.ai_model_sync_gone and judges the guard (empty list, or more than half of the active synced models gone, '
  'unless force; the models the filters removed do not count and are always deactivated). Returns {listed (as '
  'received), kept (after the filters), deactivating, active, holds}.';
