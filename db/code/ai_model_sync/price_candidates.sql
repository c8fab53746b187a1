create or replace function ai_model_sync.price_candidates()
returns table (provider text, api_identifier text)
language sql stable parallel safe
set search_path = pg_catalog, pg_temp
as $$
  select t.provider, t.api_identifier from public.ai_providers t
  union
  select f.provider,
         case when ai_model_sync.payload_format(f.provider) = 'google'
              then pg_catalog.regexp_replace(m.value #>> '{}', '^models/', '') else m.value #>> '{}' end
    from public.ai_model_fetches f,
         lateral pg_catalog.jsonb_path_query(f.payload,
           case when ai_model_sync.payload_format(f.provider) = 'google' then 'lax $[*].name' else 'lax $[*].id' end::jsonpath) as m(value)
   where f.status = 'pending' and pg_catalog.jsonb_typeof(f.payload) = 'array' and pg_catalog.jsonb_typeof(m.value) = 'string'
$$;
comment on function ai_model_sync.price_candidates() is
  'The model ids a rule-matched price table (genai-prices) is matched against: every row of ai_providers and every '
  'id of the pending staged lists.';
