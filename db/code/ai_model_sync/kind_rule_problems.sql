create or replace function ai_model_sync.kind_rule_problems(rule jsonb) returns text[]
language sql immutable parallel safe
set search_path = pg_catalog, pg_temp
as $$
  select case when pg_catalog.jsonb_typeof(rule) is distinct from 'object' then
    array[pg_catalog.format('a rule must be a JSON object, got %s', coalesce(pg_catalog.jsonb_typeof(rule), 'nothing'))]
  else array(
    select p from (
      select pg_catalog.format('unknown field "%s" (allowed: pattern, config, source_url, notes)', k) as p, 1 as o, k
        from pg_catalog.jsonb_object_keys(rule) as k
       where k not in ('provider', 'pattern', 'config', 'source_url', 'notes', 'file')
      union all
      select 'missing field "pattern" (a non-empty glob on the id: * and ?)', 2, ''
       where pg_catalog.jsonb_typeof(rule->'pattern') is distinct from 'string' or pg_catalog.btrim(rule->>'pattern') = ''
      union all
      select 'missing field "config" (an object of kind, input_modalities, output_modalities, supports_* keys)', 3, ''
       where pg_catalog.jsonb_typeof(rule->'config') is distinct from 'object'
      union all
      select case
               when c.key not in ('kind', 'input_modalities', 'output_modalities') and c.key not like 'supports\_%' then
                 pg_catalog.format('config key "%s" is not a capability (kind, input_modalities, output_modalities, supports_*)', c.key)
               when c.key = 'kind' and (pg_catalog.jsonb_typeof(c.value) <> 'string' or c.value #>> '{}' not in
                    ('chat', 'completion', 'embedding', 'image', 'moderation', 'realtime', 'rerank', 'speech', 'transcription', 'video')) then
                 pg_catalog.format('kind %s is not one of chat, completion, embedding, image, moderation, realtime, rerank, speech, transcription, video', c.value)
               when c.key like '%\_modalities' and (pg_catalog.jsonb_typeof(c.value) <> 'array' or exists (
                      select from pg_catalog.jsonb_array_elements(c.value) as m
                       where m.value not in ('"audio"', '"file"', '"image"', '"text"', '"video"'))) then
                 pg_catalog.format('%s must be an array of audio, file, image, text, video, got %s', c.key, c.value)
               when c.key like 'supports\_%' and pg_catalog.jsonb_typeof(c.value) <> 'boolean' then
                 pg_catalog.format('%s must be true or false, got %s', c.key, c.value)
             end, 4, c.key
        from pg_catalog.jsonb_each(case when pg_catalog.jsonb_typeof(rule->'config') = 'object' then rule->'config' else '{}' end) as c
    ) as problems
    where p is not null
    order by o, k)
  end
$$;
comment on function ai_model_sync.kind_rule_problems(jsonb) is
  'Every problem of one kind rule ({pattern, config, source_url, notes}): unknown field, missing pattern or config, a '
  'config key that is not a capability, a kind outside the documented set, modalities outside audio, file, image, '
  'text, video, a supports_* flag that is not a boolean. Empty when the rule is fine.';
