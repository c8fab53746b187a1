create or replace function public.ai_models_config_at(provider text, api_identifier text, at timestamptz default now())
returns jsonb
language sql stable
set search_path = pg_catalog, pg_temp
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
