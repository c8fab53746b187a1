create or replace function ai_model_sync.plan_batch(provider text) returns void
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
begin
  if to_regclass('pg_temp.ai_model_sync_plan') is not null then
    drop table pg_temp.ai_model_sync_plan;
  end if;
  -- One row per listed model: its defaults (SPEC 4.1), the merged values (SPEC 4.2) and what to do with its row.
  -- The LATERAL ... OFFSET 0 subqueries compute each model's defaults and merge once: inlined, every reference
  -- below would evaluate them again.
  create temporary table ai_model_sync_plan on commit drop as
  select p.ord, p.api_identifier, p.name, p.description, p.defaults, p.m, p.row_id, p.was_active,
         p.manual_row, p.new_name, p.new_description, p.new_active,
         p.cur_name, p.name_snapshot, p.cur_description, p.description_snapshot,
         -- issue 13, the price sources: the row's previous defaults, the model's consensus (with the sources that
         -- agreed on each key), the consensus keys the price policy let into the defaults, the catalog layer, and
         -- where each price of the defaults came from (written by write_price_origins, reported by batch_report)
         p.cur_snapshot, p.consensus, p.consensus_sources, p.consensus_applied, p.catalog_config,
         p.price_origins,
         case
           when p.row_id is null then 'insert'
           -- rows created by hand (defaults_snapshot NULL) are never written by the sync
           when p.manual_row then 'manual'
           -- SPEC 4.3: a row whose content does not change is not written at all
           when (p.cur_config, p.cur_snapshot, p.cur_name, p.name_snapshot, p.cur_description, p.description_snapshot,
                 p.was_active, p.was_listed)
                is not distinct from
                (p.new_config, p.defaults, p.new_name, p.name, p.new_description, p.description, p.new_active, true)
             then 'unchanged'
           when p.new_active and not p.was_active then 'reactivate'
           else 'update'
         end as action
    from (
      select s.ord, s.api_identifier, coalesce(s.name, s.api_identifier) as name, s.description, d.defaults, mc.m,
             coalesce(mc.m->'config', d.defaults) as new_config,
             t.id as row_id, t.is_active as was_active, t.is_listed as was_listed,
             t.id is not null and t.defaults_snapshot is null as manual_row,
             t.config as cur_config, t.defaults_snapshot as cur_snapshot,
             -- name and description follow the config rule: an untouched (or cleared) value takes the new default
             case when t.name is null or t.name is not distinct from t.name_snapshot
                  then coalesce(s.name, s.api_identifier) else t.name end as new_name,
             case when t.description is null or t.description is not distinct from t.description_snapshot
                  then s.description else t.description end as new_description,
             -- SPEC 4.3: a listed model is active again, unless an admin disabled it while it was listed
             case when t.is_active is not distinct from t.is_listed then true else t.is_active end as new_active,
             t.name as cur_name, t.name_snapshot, t.description as cur_description, t.description_snapshot,
             k.config as consensus, k.sources as consensus_sources, l.applied as consensus_applied,
             c.config as catalog_config, po.origins as price_origins
        from pg_temp.ai_model_sync_staged s
        left join ai_model_sync.catalog_config(plan_batch.provider) c on c.ord = s.ord
        left join public.ai_providers t on t.provider = plan_batch.provider and t.api_identifier = s.api_identifier
        -- issue 13: the consensus of the public price tables, one more layer of the defaults, let in by the policy
        left join ai_model_sync.consensus_config(plan_batch.provider) k on k.api_identifier = s.api_identifier
        cross join (select ai_model_sync.price_policy() as policy offset 0) as pp
        -- (most models have no consensus: then nothing to layer, and nothing computed)
        cross join lateral (
          select case when k.config is not null
                      then ai_model_sync.consensus_layer(k.config, c.config, s.reported, c.admin_config, pp.policy) end as applied
          offset 0) as l
        -- the catalog layer, computed once and passed to model_defaults as a plain column: an argument with a
        -- function call in it would keep model_defaults from being inlined (and cost a third of the plan, make bench)
        cross join lateral (
          select case when l.applied is null
                      then coalesce(s.kind_rule, '{}'::jsonb) || coalesce(c.config, '{}'::jsonb)
                      else ai_model_sync.with_consensus(coalesce(s.kind_rule, '{}'::jsonb) || coalesce(c.config, '{}'::jsonb),
                                                        l.applied) end as layer
          offset 0) as cl
        cross join lateral (
          -- SPEC 5: a price never vanishes silently: a cost key the new defaults lack keeps the row's last price, stale
          select ai_model_sync.keep_stale_prices(
                   ai_model_sync.model_defaults(plan_batch.provider, s.api_identifier, s.max_input_tokens,
                                                s.max_output_tokens, s.reported,
                                                -- the kind rule is the lowest catalog layer, the
                                                -- consensus keys the policy lets in its highest (issue 13)
                                                cl.layer,
                                                c.admin_config),
                   t.defaults_snapshot, t.config) as defaults
          offset 0) as d
        -- SPEC 4.2, key by key, only for rows with manual edits; an untouched row simply takes the defaults
        cross join lateral (
          select case when t.config is distinct from t.defaults_snapshot and t.defaults_snapshot is not null
                      then ai_model_sync.merge_config(t.config, t.defaults_snapshot, d.defaults) end as m
          offset 0) as mc
        -- issue 13: where each price of the defaults came from (inlined here, in FROM)
        cross join lateral ai_model_sync.price_origins(d.defaults, c.builtin_config, c.imported_config, s.reported,
                                                       c.admin_config, l.applied, k.sources) as po(origins)
    ) as p
   -- in list order (the consensus join may reorder): write_plan inserts, and history records, in that order
   order by p.ord;
end
$$;
comment on function ai_model_sync.plan_batch(text) is
  'Step 4 of apply_batch: one statement that plans every listed model of pg_temp.ai_model_sync_staged into '
  'pg_temp.ai_model_sync_plan: its defaults (catalog + what the list reports, SPEC 4.1; stale prices kept, SPEC 5), the three-way merge of rows '
  'with manual edits (SPEC 4.2), the new config, name, description and is_active, and its action: insert, update, '
  'reactivate, unchanged, or manual (a hand-made row, never written). Issue 13: the consensus of the price tables '
  'is a layer of the defaults as the price policy lets it in (consensus_layer, with_consensus); the plan keeps the '
  'consensus, its sources, the keys applied, the catalog layer and each price''s origin (price_origins). The new config is coalesce(m->''config'', defaults). Run after the provider''s rows are locked.';
