create or replace function ai_model_sync.check_payload(batch public.ai_model_fetches) returns void
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
declare
  bad record;
begin
  select p.ord, p.problem into bad from ai_model_sync.payload_problem(batch.payload) as p limit 1;
  if found and bad.ord is null then
    raise exception using errcode = 'invalid_parameter_value',
      message = format('%s batch %s: %s', batch.provider, batch.id, bad.problem),
      detail = format('payload starts with: %s', left(batch.payload::text, 200)),
      hint = 'Stage the list exactly as the provider returned it, every page concatenated into one JSON array.';
  elsif found then
    raise exception using errcode = 'invalid_parameter_value',
      message = format('%s batch %s: model %s of %s %s', batch.provider, batch.id, bad.ord,
                       jsonb_array_length(batch.payload), bad.problem),
      detail = format('entry %s: %s', bad.ord, left((batch.payload -> (bad.ord - 1))::text, 300)),
      hint = 'The provider answered with something that is not a well-formed model list; nothing of this provider was changed.';
  end if;
end
$$;
comment on function ai_model_sync.check_payload(public.ai_model_fetches) is
  'Step 1 of apply_batch: raises unless the staged payload is a JSON array of objects (the message names the first '
  'entry that is not). Cheap: it runs before the no-op shortcut.';
