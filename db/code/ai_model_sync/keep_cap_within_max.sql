-- SPEC 4.2: hard_cap_output_tokens never exceeds provider_max_output_tokens when that is known. The sync keeps it so
-- for the rows it merges, but a manual write could break it: a cap set above the maximum, or the maximum lowered under
-- the cap. The row then broke the invariant until a list containing the model came again (never, for a model no
-- longer listed), and the application would ask for more output than the provider gives. Now, on every write:
-- - a write that sets the cap above the maximum is rejected, with the reason;
-- - a write that lowers the maximum under a cap it leaves alone lowers the cap to the new maximum: SPEC 4.2's "a cap
--   above a new, lower provider maximum is lowered to it", applied when the maximum moves instead of at the next sync.

create or replace function ai_model_sync.keep_cap_within_max() returns trigger
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
begin
  if tg_op = 'UPDATE'
     and new.config->'hard_cap_output_tokens' is not distinct from old.config->'hard_cap_output_tokens'
     and new.config->'provider_max_output_tokens' is distinct from old.config->'provider_max_output_tokens' then
    new.config := pg_catalog.jsonb_set(new.config, '{hard_cap_output_tokens}', new.config->'provider_max_output_tokens');
    return new;
  end if;
  raise exception using
    errcode = 'check_violation',
    message = pg_catalog.format('invalid config for model %s/%s: hard_cap_output_tokens %s exceeds provider_max_output_tokens %s',
                                new.provider, new.api_identifier,
                                new.config->'hard_cap_output_tokens', new.config->'provider_max_output_tokens'),
    detail = 'The provider does not return more output tokens than provider_max_output_tokens; a larger cap would let '
             'requests ask for what the provider refuses.',
    hint = 'Set hard_cap_output_tokens at or below provider_max_output_tokens, or set it to null to return to the default.';
end
$$;
comment on function ai_model_sync.keep_cap_within_max() is
  'Trigger (its WHEN clause finds hard_cap_output_tokens > provider_max_output_tokens): an UPDATE that lowered '
  'provider_max_output_tokens under a cap it did not touch lowers the cap to the new maximum (SPEC 4.2); any other '
  'write with the cap above the maximum is rejected with the reason.';
