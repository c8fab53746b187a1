-- migrate:up

-- SPEC 4.2: hard_cap_output_tokens never exceeds provider_max_output_tokens when that is known. The sync keeps it
-- so for the rows it merges, but a manual UPDATE could set a cap above the maximum (or lower the maximum under the
-- cap) and the row then broke the invariant until a list containing the model came again (never, for a model no
-- longer listed). The database now rejects such a write, with the reason, like any other invalid config.

create function ai_model_sync.reject_cap_above_max() returns trigger
language plpgsql
set search_path = ''
as $$
begin
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
comment on function ai_model_sync.reject_cap_above_max() is
  'Trigger: rejects a config whose hard_cap_output_tokens exceeds its provider_max_output_tokens (SPEC 4.2); the '
  'trigger''s WHEN clause does the comparison, so this function only raises.';

-- The test is in WHEN, so the common write costs no function call (the sync writes whole provider lists).
-- Both values must be numbers: other types are config_problem()'s business (ai_providers_config_is_valid, which
-- fires first: triggers fire in name order). jsonb compares numbers numerically.
create trigger ai_providers_output_cap_within_max
  before insert or update of config on public.ai_providers
  for each row when (
    pg_catalog.jsonb_typeof(new.config->'hard_cap_output_tokens') = 'number'
    and pg_catalog.jsonb_typeof(new.config->'provider_max_output_tokens') = 'number'
    and new.config->'hard_cap_output_tokens' > new.config->'provider_max_output_tokens')
  execute function ai_model_sync.reject_cap_above_max();

-- migrate:down

drop trigger ai_providers_output_cap_within_max on public.ai_providers;
drop function ai_model_sync.reject_cap_above_max();
