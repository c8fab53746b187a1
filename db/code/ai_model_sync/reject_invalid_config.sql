create or replace function ai_model_sync.reject_invalid_config() returns trigger
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
declare
  problem text := ai_model_sync.config_problem(new.config);
begin
  if problem is not null then
    raise exception using
      errcode = 'check_violation',
      message = pg_catalog.format('invalid config for model %s/%s: %s', new.provider, new.api_identifier, problem),
      detail = pg_catalog.format('config = %s', pg_catalog.left(new.config::text, 500)),
      hint = 'Costs are USD per single token (2.5 USD per 1M tokens is 0.0000025); token limits are positive whole '
             'numbers; set a key to null or remove it to return to the default.';
  end if;
  return new;
end
$$;
comment on function ai_model_sync.reject_invalid_config() is
  'Trigger: rejects a config that ai_model_sync.config_problem() finds invalid, with the reason.';
