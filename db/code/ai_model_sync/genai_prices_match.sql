create or replace function ai_model_sync.genai_prices_match(clause jsonb, model text) returns boolean
language plpgsql immutable parallel safe
set search_path = pg_catalog, pg_temp
as $$
begin
  return case
    when clause ? 'or' then exists (select from pg_catalog.jsonb_array_elements(clause->'or') as c
                                     where ai_model_sync.genai_prices_match(c.value, model))
    when clause ? 'and' then not exists (select from pg_catalog.jsonb_array_elements(clause->'and') as c
                                          where not ai_model_sync.genai_prices_match(c.value, model))
    when clause ? 'equals' then model = clause->>'equals'
    when clause ? 'starts_with' then pg_catalog.starts_with(model, clause->>'starts_with')
    when clause ? 'ends_with' then pg_catalog.right(model, pg_catalog.length(clause->>'ends_with')) = clause->>'ends_with'
    when clause ? 'contains' then pg_catalog.strpos(model, clause->>'contains') > 0
    when clause ? 'regex' then model operator(pg_catalog.~) (clause->>'regex')
    else false
  end;
end
$$;
comment on function ai_model_sync.genai_prices_match(jsonb, text) is
  'Whether a genai-prices match clause (equals, starts_with, ends_with, contains, regex, combined with or / and) '
  'matches a model name, as genai-prices matches the model of a request.';
