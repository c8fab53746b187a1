create or replace function ai_model_sync.with_consensus(catalog jsonb, consensus jsonb) returns jsonb
language sql immutable parallel safe
as $$
  select case
    when consensus is null then catalog
    when consensus ? 'long_context_threshold_tokens'
         and catalog->'long_context_threshold_tokens' is distinct from consensus->'long_context_threshold_tokens' then
      -- the consensus brings its own long-context tier (policy follow): the catalog's other tier goes
      coalesce((select pg_catalog.jsonb_object_agg(c.key, c.value) from pg_catalog.jsonb_each(catalog) as c
                 where c.key not like 'long\_context\_%'), '{}'::jsonb) || consensus
    else coalesce(catalog, '{}'::jsonb) || consensus
  end
$$;
comment on function ai_model_sync.with_consensus(jsonb, jsonb) is
  'The catalog layer of a model''s defaults with the consensus keys the price policy lets in (consensus_layer) on '
  'top; a consensus long-context tier replaces a catalog tier at another threshold. What model_defaults gets as '
  'its catalog: the provider''s own prices and the admin tier stay above. No SET search_path so that it inlines; '
  'every name is schema-qualified.';
