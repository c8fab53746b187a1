create or replace function ai_model_sync.settle_unchanged(batch public.ai_model_fetches, input_digest text)
returns jsonb
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
declare
  previous public.ai_model_fetches;
  settled jsonb;
begin
  select * into previous
    from public.ai_model_fetches f
   where f.provider = batch.provider and f.status = 'applied'
   order by f.applied_at desc, f.id desc
   limit 1;
  if previous.fingerprint is distinct from input_digest || '/' || ai_model_sync.rows_fingerprint(batch.provider)
     -- every listed model was accounted for (none lost to a hand insert racing the merge)
     or (previous.report->>'models')::bigint
        <> (previous.report->>'inserted')::bigint + (previous.report->>'updated')::bigint
           + (previous.report->>'unchanged')::bigint + (previous.report->>'reactivated')::bigint
           + jsonb_array_length(previous.report->'manual_rows') then
    return null;
  end if;
  settled := previous.report || jsonb_build_object(
    'batch', batch.id, 'inserted', 0, 'updated', 0, 'deactivated', 0, 'reactivated', 0,
    'unchanged', (previous.report->>'inserted')::bigint + (previous.report->>'updated')::bigint
                 + (previous.report->>'unchanged')::bigint + (previous.report->>'reactivated')::bigint,
    'deactivated_models', '[]'::jsonb, 'conflicts', '[]'::jsonb, 'adjusted', '[]'::jsonb,
    'deactivated_reasons', '[]'::jsonb, -- issue 15
    'same_as_batch', previous.id)
    -- issue 13: the price sources filled or followed nothing again
    || jsonb_build_object('prices', coalesce(previous.report->'prices', '{}'::jsonb) || '{"filled": [], "followed": []}'::jsonb);
  update public.ai_model_fetches f
     set status = 'applied', applied_at = now(), report = settled, fingerprint = previous.fingerprint
   where f.id = batch.id;
  return settled;
end
$$;
comment on function ai_model_sync.settle_unchanged(public.ai_model_fetches, text) is
  'Step 2 of apply_batch, the hourly no-op: when the same input (payload, catalog, code: input_digest) meets rows '
  'nobody changed since the last applied batch, that batch''s merge would give exactly what is there. Then the batch '
  'is marked applied with the previous report (nothing written to ai_providers; its prices section with nothing '
  'filled or followed) and the report is returned; '
  'otherwise NULL, and the merge runs.';
