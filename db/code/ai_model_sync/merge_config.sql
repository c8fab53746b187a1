create or replace function ai_model_sync.merge_config(current_config jsonb, snapshot jsonb, defaults jsonb) returns jsonb
language sql stable parallel safe
set search_path = pg_catalog, pg_temp
as $$
  with keys as (
    select k.key, current_config->k.key as c, snapshot->k.key as s, defaults->k.key as d
    from (
      select pg_catalog.jsonb_object_keys(current_config)
      union select pg_catalog.jsonb_object_keys(coalesce(snapshot, '{}'::jsonb))
      union select pg_catalog.jsonb_object_keys(defaults)
    ) as k(key)
  ),
  merged as (
    select key, c, s, d,
           -- the admin set this value: not a provider fact, not missing, not the snapshot's
           not (key in ('provider_max_input_tokens', 'provider_max_output_tokens') and d is not null)
             and c is not null and c <> 'null'::jsonb and c is distinct from s as manual,
           case
             -- facts: provider-reported maxima always take the reported value
             when key in ('provider_max_input_tokens', 'provider_max_output_tokens') and d is not null then d
             -- missing or null: reset to the default
             when c is null or c = 'null'::jsonb then d
             -- untouched by the admin: follow the default
             when c = s then d
             -- manual override (or a key only the admin has): keep it
             else c
           end as value
    from keys
  ),
  cap as (
    select m.value as cap, m.c as cap_current, m.s as cap_snapshot,
           (select x.value from merged x where x.key = 'provider_max_output_tokens') as max_new,
           snapshot->'provider_max_output_tokens' as max_old
    from merged m where m.key = 'hard_cap_output_tokens'
  ),
  capped as (
    select case
             when max_new is null or cap is null then cap
             -- a manual cap equal to the old provider maximum follows the maximum when it changes
             when cap = cap_current and cap_current is distinct from cap_snapshot
                  and cap_current = max_old and max_new is distinct from max_old then max_new
             -- never above the provider's maximum
             when (cap #>> '{}')::numeric > (max_new #>> '{}')::numeric then max_new
             else cap
           end as cap,
           cap as cap_before
    from cap
  ),
  final as (
    select m.key, m.c, m.s, m.d, m.manual,
           case when m.key = 'hard_cap_output_tokens' then (select cap from capped) else m.value end as value
    from merged m
  )
  select pg_catalog.jsonb_build_object(
    'config', coalesce(pg_catalog.jsonb_object_agg(key, value) filter (where value is not null and value <> 'null'::jsonb),
                       '{}'::jsonb),
    'overrides', coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('key', key, 'value', value, 'default', d) order by key)
                            filter (where manual and value is distinct from d), '[]'::jsonb),
    'conflicts', coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('key', key, 'value', value, 'old_default', s, 'new_default', d) order by key)
                            filter (where manual and value is distinct from d and d is distinct from s), '[]'::jsonb),
    'adjusted', coalesce((select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                              'key', 'hard_cap_output_tokens', 'from', cap_before, 'to', cap,
                              'reason', 'manual cap follows the provider''s maximum output'))
                          from capped where cap is distinct from cap_before), '[]'::jsonb)
  )
  from final
$$;
comment on function ai_model_sync.merge_config(jsonb, jsonb, jsonb) is
  'The three-way merge of SPEC 4.2 for one row whose config differs from its snapshot. Per top-level key: a value '
  'equal to the snapshot (untouched) takes the new default; a missing or null value takes the new default; any other '
  'value is a manual override and is kept (a conflict when the default moved too); admin-only keys are kept. '
  'provider_max_* take the reported value; hard_cap_output_tokens never exceeds provider_max_output_tokens and a '
  'manual cap equal to the old maximum follows it. Returns {config, overrides, conflicts, adjusted}.';
