create or replace function ai_model_sync.batch_report(batch public.ai_model_fetches, guard jsonb, written jsonb)
returns jsonb
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  with plan as (select * from pg_temp.ai_model_sync_plan),
  -- the counts of the actions in one pass over the plan
  counts as (
    select count(*) filter (where p.action = 'update') as updated,
           count(*) filter (where p.action = 'reactivate') as reactivated,
           count(*) filter (where p.action = 'unchanged') as unchanged
      from plan p
  ),
  -- name and description overrides and conflicts, judged like a config key (SPEC 4.2)
  text_fields as (
    select p.api_identifier, f.key, f.value, f.dflt, f.snap
      from plan p,
           lateral (values ('name', p.cur_name, p.name, p.name_snapshot),
                           ('description', p.cur_description, p.description, p.description_snapshot)) as f(key, value, dflt, snap)
     where not p.manual_row and (p.cur_name is distinct from p.name_snapshot or p.cur_description is distinct from p.description_snapshot)
       and f.value is not null and f.value is distinct from f.snap and f.value is distinct from f.dflt
  ),
  overrides as (
    select p.api_identifier, o.value as item
      from plan p, jsonb_array_elements(p.m->'overrides') as o
     where p.m is not null
    union all
    select t.api_identifier, jsonb_build_object('key', t.key, 'value', t.value, 'default', t.dflt) from text_fields t
  ),
  conflicts as (
    select p.api_identifier, o.value as item
      from plan p, jsonb_array_elements(p.m->'conflicts') as o
     where p.m is not null
    union all
    select t.api_identifier, jsonb_build_object('key', t.key, 'value', t.value, 'old_default', t.snap, 'new_default', t.dflt)
      from text_fields t where t.dflt is distinct from t.snap
  )
  select jsonb_build_object(
    'provider', batch.provider,
    'batch', batch.id,
    'status', 'applied',
    'models', coalesce(guard->>'kept', guard->>'listed')::bigint, -- issue 15: the models kept after the filters
    'inserted', (written->>'inserted')::bigint,
    'updated', (select c.updated from counts c),
    'reactivated', (select c.reactivated from counts c),
    'unchanged', (select c.unchanged from counts c),
    'deactivated', jsonb_array_length(written->'deactivated_models'),
    'deactivated_models', written->'deactivated_models',
    'manual_rows', (select coalesce(jsonb_agg(p.api_identifier order by p.api_identifier), '[]'::jsonb)
                      from plan p where p.manual_row),
    'overrides', (select coalesce(jsonb_agg(o.item || jsonb_build_object('api_identifier', o.api_identifier)
                                            order by o.api_identifier, o.item->>'key'), '[]'::jsonb)
                    from overrides o),
    'conflicts', (select coalesce(jsonb_agg(c.item || jsonb_build_object('api_identifier', c.api_identifier)
                                            order by c.api_identifier, c.item->>'key'), '[]'::jsonb)
                    from conflicts c),
    'adjusted', (select coalesce(jsonb_agg(a.value || jsonb_build_object('api_identifier', p.api_identifier)
                                           order by p.api_identifier), '[]'::jsonb)
                   from plan p, jsonb_array_elements(p.m->'adjusted') as a
                  where p.m is not null),
    'stale_prices', (select coalesce(jsonb_agg(jsonb_build_object('api_identifier', p.api_identifier, 'key', k.key,
                                                      'value', p.defaults->k.key)
                                   order by p.api_identifier, k.key), '[]'::jsonb)
                       from plan p, jsonb_array_elements_text(p.defaults->'stale_price_keys') as k(key)
                      where not p.manual_row and p.defaults ? 'stale_price_keys'),
    'unpriced', (select coalesce(jsonb_agg(p.api_identifier order by p.api_identifier), '[]'::jsonb)
                   from plan p where not p.manual_row and not (p.defaults ? 'input_token_cost_rate')),
    -- listed with a price that is not per token, or none (Together's image / audio / 0-priced models)
    'not_token_priced', (select coalesce(jsonb_agg(s.api_identifier order by s.api_identifier), '[]'::jsonb)
                           from pg_temp.ai_model_sync_staged s where s.not_token_priced),
    -- issue 15: why each model was deactivated, what the filters removed, and the models of unknown kind
    'deactivated_reasons', coalesce(written->'deactivated_reasons', '[]'::jsonb),
    'filtered', (select coalesce(jsonb_agg(jsonb_build_object('api_identifier', x.api_identifier, 'reason', x.reason)
                                           order by x.api_identifier), '[]'::jsonb)
                   from pg_temp.ai_model_sync_filtered x),
    'unclassified', (select coalesce(jsonb_agg(p.api_identifier order by p.api_identifier), '[]'::jsonb)
                       from plan p where not p.manual_row and coalesce(p.m->'config', p.defaults)->>'kind' is null),
    -- issue 13, the price sources: consensus keys this merge filled or followed (changed defaults), drifting keys
    'prices', ai_model_sync.prices_report((
      select coalesce(jsonb_agg(jsonb_build_object(
               'api_identifier', p.api_identifier, 'key', a.key, 'catalog', p.catalog_config->a.key,
               'previous', p.cur_snapshot->a.key, 'in_force', coalesce(p.m->'config', p.defaults)->a.key,
               'consensus', p.consensus->a.key, 'sources', p.consensus_sources->a.key,
               'applied', coalesce(p.consensus_applied, '{}'::jsonb) ? a.key)
             order by p.api_identifier, a.key), '[]'::jsonb)
        from plan p
        cross join lateral jsonb_each(coalesce(p.consensus, '{}'::jsonb)) as a
       where not p.manual_row)),
    'warnings', (select coalesce(jsonb_agg(w order by w), '[]'::jsonb) from (
                   select case
                     when (guard->>'listed')::bigint = 0 then format(
                       'guard held: the list is empty; %s active models were not deactivated (CALL sync_ai_models(force => true) to override)',
                       guard->>'deactivating')
                     else format(
                       'guard held: the list lacks %s of %s active models, more than half; none was deactivated (CALL sync_ai_models(force => true) to override)',
                       guard->>'deactivating', guard->>'active')
                   end as w
                   where (guard->>'holds')::boolean
                   union all
                   select 'the list is empty' where (guard->>'listed')::bigint = 0 and not (guard->>'holds')::boolean
                   union all
                   -- a list whose preset reports no prices brought some: ignored (ai_model_sync.reports_prices, SPEC 9)
                   -- (the provider test first, as a one-time filter: the path query reads the whole payload)
                   select format('"pricing" of %s entries ignored: only openrouter and together lists bring prices', p.n)
                     from (select jsonb_array_length(jsonb_path_query_array(batch.payload, 'lax $[*] ? (@.pricing != null)')) as n
                            where not ai_model_sync.reports_prices(batch.provider)) as p
                    where p.n > 0
                 ) as ws)
  )
$$;
comment on function ai_model_sync.batch_report(public.ai_model_fetches, jsonb, jsonb) is
  'Step 7 of apply_batch (SPEC 4.4): the batch''s report from the plan, the guard and what was written: counts, '
  'the deactivated models, hand-made rows listed, manual overrides kept, conflicts (an override kept while its '
  'default moved), caps adjusted, models no catalog entry prices, the warnings; and (issue 15) why each model was '
  'deactivated, what the model filters removed and why, and the models of unknown kind (unclassified); (issue 13) '
  'prices: the price policy and quorum, the consensus keys filled or followed by this merge and those drifting '
  '(ai_model_sync.prices_report).';
