create or replace function ai_model_sync.load_kind_rules(rules jsonb, providers text[]) returns jsonb
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
declare
  bad record;
  changed boolean;
begin
  if pg_catalog.jsonb_typeof(rules) is distinct from 'array' then
    raise exception using errcode = 'invalid_parameter_value',
      message = pg_catalog.format('kind rules must be a JSON array, got %s', coalesce(pg_catalog.jsonb_typeof(rules), 'NULL')),
      hint = 'Pass the rules of db/catalog/kinds/*.json: [{provider, pattern, config, ...}, ...].';
  end if;
  select r.ordinality, r.value->>'file' as file, r.value->>'provider' as provider, r.value->>'pattern' as pattern, p.problem
    into bad
    from pg_catalog.jsonb_array_elements(rules) with ordinality as r,
         pg_catalog.unnest(ai_model_sync.kind_rule_problems(r.value) ||
                           case when pg_catalog.jsonb_typeof(r.value->'provider') is distinct from 'string'
                                then array['missing field "provider"'] else '{}'::text[] end) as p(problem)
   order by r.ordinality
   limit 1;
  if found then
    raise exception using errcode = 'data_exception',
      message = pg_catalog.format('kind rules rejected: %s rule %s (%s): %s', coalesce(bad.file, 'rule'), bad.ordinality,
                                  coalesce(bad.pattern, '?'), bad.problem),
      detail = pg_catalog.format('provider %s, rule #%s of the load', coalesce(bad.provider, '?'), bad.ordinality),
      hint = 'Fix the rule (docs/capabilities.md lists the kinds and keys) and load again; nothing was changed.';
  end if;
  select r.value->>'provider' as provider, r.value->>'pattern' as pattern into bad
    from pg_catalog.jsonb_array_elements(rules) as r
   group by 1, 2 having pg_catalog.count(*) > 1
   limit 1;
  if found then
    raise exception using errcode = 'unique_violation',
      message = pg_catalog.format('kind rules rejected: %s pattern %s appears twice', bad.provider, bad.pattern),
      hint = 'Only the first of two equal patterns could ever match: remove the other.';
  end if;

  create temporary table if not exists ai_model_sync_kind_rules_load (
    provider text, position integer, pattern text, config jsonb, source_url text, notes text) on commit drop;
  truncate pg_temp.ai_model_sync_kind_rules_load;
  insert into pg_temp.ai_model_sync_kind_rules_load (provider, position, pattern, config, source_url, notes)
  select r.value->>'provider',
         (pg_catalog.row_number() over (partition by r.value->>'provider' order by r.ordinality))::integer,
         r.value->>'pattern', r.value->'config', r.value->>'source_url', r.value->>'notes'
    from pg_catalog.jsonb_array_elements(rules) with ordinality as r;

  -- Replace a provider's rules only when they changed: a reload of the same files writes nothing.
  select exists (
    (select n.provider, n.position, n.pattern, n.config, n.source_url, n.notes
       from pg_temp.ai_model_sync_kind_rules_load n
     except
     select k.provider, k.position, k.pattern, k.config, k.source_url, k.notes
       from ai_model_sync.kind_rules k where k.provider = any (load_kind_rules.providers))
    union all
    (select k.provider, k.position, k.pattern, k.config, k.source_url, k.notes
       from ai_model_sync.kind_rules k where k.provider = any (load_kind_rules.providers)
     except
     select n.provider, n.position, n.pattern, n.config, n.source_url, n.notes
       from pg_temp.ai_model_sync_kind_rules_load n)) into changed;
  if changed then
    delete from ai_model_sync.kind_rules k where k.provider = any (load_kind_rules.providers);
    insert into ai_model_sync.kind_rules (provider, position, pattern, config, source_url, notes)
    select n.provider, n.position, n.pattern, n.config, n.source_url, n.notes
      from pg_temp.ai_model_sync_kind_rules_load n
     where n.provider = any (load_kind_rules.providers);
  end if;
  return pg_catalog.jsonb_build_object('rules', pg_catalog.jsonb_array_length(rules), 'providers', pg_catalog.to_jsonb(providers),
                                       'changed', changed);
end
$$;
comment on function ai_model_sync.load_kind_rules(jsonb, text[]) is
  'Loads the built-in kind rules (db/catalog/kinds/*.json: [{provider, pattern, config, source_url, notes}], in file '
  'order) into ai_model_sync.kind_rules, replacing the rules of the given providers when they changed (a reload of '
  'the same rules writes nothing). Validates every rule first (ai_model_sync.kind_rule_problems) and raises, '
  'changing nothing, on the first bad one. Returns {rules, providers, changed}.';
