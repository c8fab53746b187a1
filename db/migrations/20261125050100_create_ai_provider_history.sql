-- migrate:up

create table public.ai_provider_history (
  id bigint generated always as identity primary key,
  changed_at timestamptz not null,
  changed_by text not null,
  batch_id bigint,
  operation text not null check (operation in ('baseline', 'insert', 'update', 'delete')),
  model_id uuid not null,
  provider text not null,
  api_identifier text not null,
  changes jsonb,
  old_config jsonb,
  model_created_at timestamptz,
  constraint ai_provider_history_update_has_changes check ((operation = 'update') = (changes is not null)),
  constraint ai_provider_history_old_state check ((operation in ('update', 'delete')) = (model_created_at is not null))
);
comment on table public.ai_provider_history is
  'Every change of an ai_providers row, by the sync or by hand, recorded by statement-level triggers (set-based: a '
  'sync that writes 100k rows adds one INSERT ... SELECT). Each update or delete keeps the row''s state before it '
  '(identity, old_config, model_created_at) and what changed; the state after it is the next entry''s old state, or '
  'the row itself. An insert is a narrow entry (the new row holds its values), which keeps a first sync cheap. '
  'Append-only: nobody is granted INSERT, UPDATE or DELETE. Answers "what did we charge for gpt-4o on 3 March?": '
  'select ai_models_config_at(''openai'', ''gpt-4o'', ''2026-03-03 12:00+00'').';
comment on column public.ai_provider_history.changed_at is
  'When the change was made: the time its statement''s trigger ran (clock_timestamp()), so that the changes of one '
  'row are ordered as they happened even across concurrent transactions.';
comment on column public.ai_provider_history.changed_by is
  'Who made the change: the role in effect (SET ROLE, as PostgREST does for authenticated), else the session user.';
comment on column public.ai_provider_history.batch_id is
  'The ai_model_fetches batch whose sync made the change; NULL for manual changes. No foreign key: history '
  'outlives pruned batches.';
comment on column public.ai_provider_history.operation is
  'insert, update or delete of the row; baseline marks a row that existed before history was kept.';
comment on column public.ai_provider_history.model_id is 'ai_providers.id of the row.';
comment on column public.ai_provider_history.provider is
  'The row''s provider before the change (for an insert or baseline: the row''s).';
comment on column public.ai_provider_history.api_identifier is
  'The row''s api_identifier before the change (for an insert or baseline: the row''s).';
comment on column public.ai_provider_history.changes is
  'For an update, what changed: {"field": {"old": ..., "new": ...}} where field is a column (name, description, '
  'is_active, is_listed, name_snapshot, description_snapshot, provider, api_identifier) or a top-level key of config '
  'or defaults_snapshot as config.<key> / defaults_snapshot.<key>; a missing key reads as null. NULL otherwise.';
comment on column public.ai_provider_history.old_config is
  'For an update or delete, the row''s whole config before it. The config as of a time is the old_config of the '
  'row''s first update or delete after that time, else the row''s current config (see ai_models_config_at).';
comment on column public.ai_provider_history.model_created_at is
  'For an update or delete, the row''s created_at before it: when the model began, for rows since deleted.';

-- Inserts (and baselines) are left out of both indexes (the first sync of a large list writes only heap and primary key);
-- lookups start from ai_providers and walk a row's later updates and deletes.
create index ai_provider_history_model_idx on public.ai_provider_history (model_id, id)
  where operation in ('update', 'delete');
create index ai_provider_history_left_identity_idx on public.ai_provider_history (provider, api_identifier)
  where operation = 'delete' or changes ?| array['provider', 'api_identifier'];
comment on index public.ai_provider_history_left_identity_idx is
  'Rows that left a provider/api_identifier (deleted or renamed): the rows ai_providers no longer finds by that name.';

create function ai_model_sync.current_actor() returns text
language sql stable parallel safe
set search_path = ''
as $$
  select case when pg_catalog.current_setting('role') = 'none' then session_user::text
              else pg_catalog.current_setting('role') end
$$;
comment on function ai_model_sync.current_actor() is
  'The role a change is attributed to: the role set with SET ROLE, else the session user. Unlike current_user it is '
  'not the owner of the SECURITY DEFINER trigger function that asks.';

create function ai_model_sync.current_batch() returns bigint
language sql stable parallel safe
set search_path = ''
as $$
  select nullif(pg_catalog.current_setting('ai_model_sync.batch_id', true), '')::bigint
$$;
comment on function ai_model_sync.current_batch() is
  'The batch the sync is applying in this transaction (it sets ai_model_sync.batch_id locally), NULL otherwise. '
  'A setting once used in a session reads as '''' after its transaction, hence the nullif.';

create function ai_model_sync.history_fields(
  provider text, api_identifier text, name text, description text, is_active boolean, is_listed boolean,
  name_snapshot text, description_snapshot text, config jsonb, defaults_snapshot jsonb
) returns jsonb
language sql immutable parallel safe
set search_path = ''
as $$
  select pg_catalog.jsonb_build_object(
           'provider', provider, 'api_identifier', api_identifier, 'name', name, 'description', description,
           'is_active', is_active, 'is_listed', is_listed,
           'name_snapshot', name_snapshot, 'description_snapshot', description_snapshot)
         || coalesce((select pg_catalog.jsonb_object_agg('config.' || c.key, c.value)
                        from pg_catalog.jsonb_each(config) as c), '{}'::jsonb)
         || coalesce((select pg_catalog.jsonb_object_agg('defaults_snapshot.' || d.key, d.value)
                        from pg_catalog.jsonb_each(defaults_snapshot) as d), '{}'::jsonb)
$$;
comment on function ai_model_sync.history_fields(text, text, text, text, boolean, boolean, text, text, jsonb, jsonb) is
  'A row of ai_providers flattened to the fields history tracks: columns by name, config and defaults_snapshot '
  'keys as config.<key> and defaults_snapshot.<key>. id, created_at and updated_at are not tracked.';

create function ai_model_sync.field_changes(old_fields jsonb, new_fields jsonb) returns jsonb
language sql immutable parallel safe
set search_path = ''
as $$
  select pg_catalog.jsonb_object_agg(k.field,
           pg_catalog.jsonb_build_object('old', coalesce(old_fields->k.field, 'null'::jsonb),
                                         'new', coalesce(new_fields->k.field, 'null'::jsonb)))
    from (select pg_catalog.jsonb_object_keys(old_fields) union select pg_catalog.jsonb_object_keys(new_fields)) as k(field)
   where coalesce(old_fields->k.field, 'null'::jsonb) is distinct from coalesce(new_fields->k.field, 'null'::jsonb)
$$;
comment on function ai_model_sync.field_changes(jsonb, jsonb) is
  'The fields (see history_fields) whose values differ, as {"field": {"old": ..., "new": ...}}; a missing field '
  'equals null. NULL when nothing differs.';

-- Statement-level triggers with transition tables: one INSERT ... SELECT per statement, however many rows it
-- wrote. SECURITY DEFINER so that whoever may change ai_providers gets the change recorded without being able
-- to write history themselves; changed_by comes from current_actor(), not current_user (which is the owner here).

create function ai_model_sync.record_inserts() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  stamp timestamptz := pg_catalog.clock_timestamp();
  actor text := ai_model_sync.current_actor();
  batch bigint := ai_model_sync.current_batch();
begin
  insert into public.ai_provider_history (changed_at, changed_by, batch_id, operation, model_id, provider, api_identifier)
  select stamp, actor, batch, 'insert', n.id, n.provider, n.api_identifier
    from new_rows n;
  return null;
end
$$;
comment on function ai_model_sync.record_inserts() is
  'Trigger (AFTER INSERT, per statement): records the inserted ai_providers rows in ai_provider_history.';

create function ai_model_sync.record_updates() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  stamp timestamptz := pg_catalog.clock_timestamp();
  actor text := ai_model_sync.current_actor();
  batch bigint := ai_model_sync.current_batch();
begin
  -- A row whose id changed reads as a delete of the old id and an insert of the new one.
  insert into public.ai_provider_history
    (changed_at, changed_by, batch_id, operation, model_id, provider, api_identifier, changes, old_config, model_created_at)
  select stamp, actor, batch, c.operation, c.model_id, c.provider, c.api_identifier, c.changes, c.old_config, c.model_created_at
    from (
      select case when o.id is null then 'insert' when n.id is null then 'delete' else 'update' end as operation,
             coalesce(o.id, n.id) as model_id,
             coalesce(o.provider, n.provider) as provider,
             coalesce(o.api_identifier, n.api_identifier) as api_identifier,
             case when o.id is not null and n.id is not null then ai_model_sync.field_changes(
               ai_model_sync.history_fields(o.provider, o.api_identifier, o.name, o.description, o.is_active, o.is_listed,
                                            o.name_snapshot, o.description_snapshot, o.config, o.defaults_snapshot),
               ai_model_sync.history_fields(n.provider, n.api_identifier, n.name, n.description, n.is_active, n.is_listed,
                                            n.name_snapshot, n.description_snapshot, n.config, n.defaults_snapshot))
             end as changes,
             o.config as old_config,
             o.created_at as model_created_at
        from old_rows o
        full join new_rows n on n.id = o.id
    ) as c
   where c.operation <> 'update' or c.changes is not null;
  return null;
end
$$;
comment on function ai_model_sync.record_updates() is
  'Trigger (AFTER UPDATE, per statement): records what each updated ai_providers row changed (rows whose tracked '
  'fields are unchanged, e.g. only updated_at moved, are not recorded).';

create function ai_model_sync.record_deletes() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  stamp timestamptz := pg_catalog.clock_timestamp();
  actor text := ai_model_sync.current_actor();
  batch bigint := ai_model_sync.current_batch();
begin
  insert into public.ai_provider_history
    (changed_at, changed_by, batch_id, operation, model_id, provider, api_identifier, old_config, model_created_at)
  select stamp, actor, batch, 'delete', o.id, o.provider, o.api_identifier, o.config, o.created_at
    from old_rows o;
  return null;
end
$$;
comment on function ai_model_sync.record_deletes() is
  'Trigger (AFTER DELETE, per statement): records the deleted ai_providers rows.';

create function ai_model_sync.record_truncate() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  stamp timestamptz := pg_catalog.clock_timestamp();
  actor text := ai_model_sync.current_actor();
  batch bigint := ai_model_sync.current_batch();
begin
  insert into public.ai_provider_history
    (changed_at, changed_by, batch_id, operation, model_id, provider, api_identifier, old_config, model_created_at)
  select stamp, actor, batch, 'delete', p.id, p.provider, p.api_identifier, p.config, p.created_at
    from public.ai_providers p;
  return null;
end
$$;
comment on function ai_model_sync.record_truncate() is
  'Trigger (BEFORE TRUNCATE): records every row of ai_providers as deleted (TRUNCATE has no transition table).';

create trigger ai_providers_history_insert after insert on public.ai_providers
  referencing new table as new_rows for each statement execute function ai_model_sync.record_inserts();
create trigger ai_providers_history_update after update on public.ai_providers
  referencing old table as old_rows new table as new_rows for each statement execute function ai_model_sync.record_updates();
create trigger ai_providers_history_delete after delete on public.ai_providers
  referencing old table as old_rows for each statement execute function ai_model_sync.record_deletes();
create trigger ai_providers_history_truncate before truncate on public.ai_providers
  for each statement execute function ai_model_sync.record_truncate();

-- Rows that exist now: history starts here for them.
insert into public.ai_provider_history (changed_at, changed_by, operation, model_id, provider, api_identifier)
select pg_catalog.clock_timestamp(), current_user, 'baseline', p.id, p.provider, p.api_identifier
  from public.ai_providers p;

create function public.ai_models_config_at(provider text, api_identifier text, at timestamptz default now())
returns jsonb
language sql stable
set search_path = ''
as $$
  -- Every row that may have carried the name at that time: the row that carries it now, and rows that left it
  -- (deleted or renamed) after that time. For each, its state at that time is the old state kept by its first
  -- update or delete after it, else the row as it is now.
  with candidates as (
    select p.id as model_id from public.ai_providers p
     where p.provider = ai_models_config_at.provider and p.api_identifier = ai_models_config_at.api_identifier
    union
    select h.model_id from public.ai_provider_history h
     where h.provider = ai_models_config_at.provider and h.api_identifier = ai_models_config_at.api_identifier
       and (h.operation = 'delete' or h.changes ?| array['provider', 'api_identifier'])
       and h.changed_at > ai_models_config_at.at
  )
  select coalesce(nxt.old_config, cur.config)
    from candidates c
    left join lateral (
      select h.provider, h.api_identifier, h.old_config, h.model_created_at
        from public.ai_provider_history h
       where h.model_id = c.model_id and h.operation in ('update', 'delete') and h.changed_at > ai_models_config_at.at
       order by h.id
       limit 1
    ) as nxt on true
    left join public.ai_providers cur on cur.id = c.model_id and nxt.model_created_at is null
   where coalesce(nxt.provider, cur.provider) = ai_models_config_at.provider
     and coalesce(nxt.api_identifier, cur.api_identifier) = ai_models_config_at.api_identifier
     and coalesce(nxt.model_created_at, cur.created_at) <= ai_models_config_at.at
   limit 1
$$;
comment on function public.ai_models_config_at(text, text, timestamptz) is
  'The config of a model as of a time: what did we charge for gpt-4o on 3 March? '
  'select ai_models_config_at(''openai'', ''gpt-4o'', ''2026-03-03 12:00+00''). From ai_provider_history: the old '
  'config kept by the row''s first update or delete after that time, else its current config; renames and deletes '
  'are followed. NULL when no row had that provider and api_identifier then (a row counts from its created_at).';

revoke all on function public.ai_models_config_at(text, text, timestamptz) from public;
grant execute on function public.ai_models_config_at(text, text, timestamptz) to ai_models_admin;
grant select on public.ai_provider_history to ai_models_admin;

-- migrate:down

drop function public.ai_models_config_at(text, text, timestamptz);
drop trigger ai_providers_history_truncate on public.ai_providers;
drop trigger ai_providers_history_delete on public.ai_providers;
drop trigger ai_providers_history_update on public.ai_providers;
drop trigger ai_providers_history_insert on public.ai_providers;
drop function ai_model_sync.record_truncate();
drop function ai_model_sync.record_deletes();
drop function ai_model_sync.record_updates();
drop function ai_model_sync.record_inserts();
drop function ai_model_sync.field_changes(jsonb, jsonb);
drop function ai_model_sync.history_fields(text, text, text, text, boolean, boolean, text, text, jsonb, jsonb);
drop function ai_model_sync.current_batch();
drop function ai_model_sync.current_actor();
drop table public.ai_provider_history;
