create or replace view public.ai_models_active with (security_barrier) as
  select p.id, p.provider, p.api_identifier, p.name, p.description, p.config, p.created_at, p.updated_at,
         -- issue 15: what the model is, as columns (docs/capabilities.md)
         p.config->>'kind' as kind,
         case when pg_catalog.jsonb_typeof(p.config->'input_modalities') = 'array'
              then array(select pg_catalog.jsonb_array_elements_text(p.config->'input_modalities')) end as input_modalities,
         case when pg_catalog.jsonb_typeof(p.config->'output_modalities') = 'array'
              then array(select pg_catalog.jsonb_array_elements_text(p.config->'output_modalities')) end as output_modalities
    from public.ai_providers p
   where p.is_active;
comment on view public.ai_models_active is
  'The models an application may use (is_active), without the sync''s bookkeeping columns, with kind and the '
  'input and output modalities (text[]) as columns (docs/capabilities.md). What ai_models_reader '
  'reads: on plain PostgreSQL the view runs with its owner''s rights (the reader has no access to ai_providers, '
  'security_barrier keeps inactive rows from leaking through leaky functions); on Supabase it runs with the '
  'caller''s rights and row-level security filters ai_providers (see ai_model_sync.enable_row_level_security).';
