create or replace view public.ai_models_active with (security_barrier) as
  select p.id, p.provider, p.api_identifier, p.name, p.description, p.config, p.created_at, p.updated_at
    from public.ai_providers p
   where p.is_active;
comment on view public.ai_models_active is
  'The models an application may use (is_active), without the sync''s bookkeeping columns. What ai_models_reader '
  'reads: on plain PostgreSQL the view runs with its owner''s rights (the reader has no access to ai_providers, '
  'security_barrier keeps inactive rows from leaking through leaky functions); on Supabase it runs with the '
  'caller''s rights and row-level security filters ai_providers (see ai_model_sync.enable_row_level_security).';
