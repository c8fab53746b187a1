create or replace function ai_model_sync.consensus_layer(consensus jsonb, catalog jsonb, reported jsonb, admin jsonb, policy text)
returns jsonb
language sql immutable parallel safe
as $$
  -- the layers above the consensus: under fill all of them, under follow the provider's own prices and the admin tier
  select case
    when consensus is null or policy not in ('fill', 'follow') then null
    else (
      select pg_catalog.jsonb_object_agg(k.key, k.value)
        from pg_catalog.jsonb_each(consensus) as k
       where not (above ? k.key)
         -- a long-context tier is one set of keys: never mix a consensus tier into one set above
         and not (k.key like 'long\_context\_%' and exists (select from pg_catalog.jsonb_object_keys(above) as a
                                                              where a like 'long\_context\_%'))
         -- and a tier without its threshold means nothing
         and not (k.key like 'long\_context\_%' and not consensus ? 'long_context_threshold_tokens')
    )
  end
  from (select case when policy = 'fill' then coalesce(catalog, '{}') else '{}' end
               || coalesce(reported, '{}') || coalesce(admin, '{}') as above) as l
$$;
comment on function ai_model_sync.consensus_layer(jsonb, jsonb, jsonb, jsonb, text) is
  'The consensus keys that enter a model''s defaults under the price policy: fill keeps those that no catalog, '
  'provider-reported or admin value sets; follow those that no provider-reported or admin value sets (replacing '
  'built-in and imported ones); report none. A long-context tier above is never mixed with consensus tier keys, and '
  'consensus tier keys need their threshold. '
  'No SET search_path so that it inlines; every name is schema-qualified.';
