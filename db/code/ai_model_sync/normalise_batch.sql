create or replace function ai_model_sync.normalise_batch(batch public.ai_model_fetches) returns bigint
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
declare
  bad record;
  listed bigint;
  has_kind_rules boolean; -- issue 15
begin
  -- Parse the payload once into a temporary table that validation and the plan read.
  if to_regclass('pg_temp.ai_model_sync_staged') is not null then
    drop table pg_temp.ai_model_sync_staged;
  end if;
  -- issue 15: kind_rule is the config of the first kind rule whose pattern matches the id (ai_model_sync.kind_rules)
  has_kind_rules := exists (select from ai_model_sync.kind_rules r where r.provider = batch.provider);
  create temporary table ai_model_sync_staged on commit drop as
    select s.*, ai_model_sync.version_base(s.api_identifier) as family,
           case when has_kind_rules then
             (select r.config from ai_model_sync.kind_rules r
               where r.provider = batch.provider and s.api_identifier like r.like_pattern
               order by r.position limit 1) end as kind_rule
      from ai_model_sync.staged_models(batch.provider, batch.payload) as s;
  analyze pg_temp.ai_model_sync_staged;

  -- Every entry is valid before anything is touched: the first malformed entry or duplicate id fails the batch.
  select s.ord, s.api_identifier, s.problem into bad
    from pg_temp.ai_model_sync_staged as s
   where s.problem is not null
   order by s.ord
   limit 1;
  if found then
    raise exception using errcode = 'invalid_parameter_value',
      message = format('%s batch %s: model %s of %s %s', batch.provider, batch.id, bad.ord,
                       jsonb_array_length(batch.payload),
                       coalesce('(' || left(bad.api_identifier, 80) || ') ', '') || bad.problem),
      detail = format('entry %s: %s', bad.ord, left((batch.payload -> (bad.ord - 1))::text, 300)),
      hint = 'The provider answered with something that is not a well-formed model list; nothing of this provider was changed.';
  end if;

  select s.api_identifier, array_agg(s.ord order by s.ord) as ords
    into bad
    from pg_temp.ai_model_sync_staged as s
   group by s.api_identifier
  having count(*) > 1
   order by min(s.ord)
   limit 1;
  if found then
    raise exception using errcode = 'unique_violation',
      message = format('%s batch %s: duplicate model id %s (entries %s)', batch.provider, batch.id,
                       bad.api_identifier, array_to_string(bad.ords, ', ')),
      detail = 'A complete list names each model once; a repeated id means pages overlapped or the list is corrupt.',
      hint = 'Fetch the list again; nothing of this provider was changed.';
  end if;
  select count(*) into listed from pg_temp.ai_model_sync_staged;
  return listed;
end
$$;
comment on function ai_model_sync.normalise_batch(public.ai_model_fetches) is
  'Step 3 of apply_batch: normalises the payload (ai_model_sync.staged_models) into the temporary table '
  'pg_temp.ai_model_sync_staged, one row per listed model with its family key and its kind rule (kind_rule, the '
  'first ai_model_sync.kind_rules pattern that matches), and raises on the first malformed '
  'entry or repeated id. Returns the number of models listed.';
