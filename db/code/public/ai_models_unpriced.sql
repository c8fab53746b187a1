create or replace view public.ai_models_unpriced as
  select p.id as model_id, p.provider, p.api_identifier, p.name, p.defaults_snapshot is null as created_by_hand,
         p.created_at
    from public.ai_providers p
   where p.is_active and coalesce(p.config->'input_token_cost_rate', 'null'::jsonb) = 'null'::jsonb;
comment on view public.ai_models_unpriced is
  'Active models without an input_token_cost_rate: no catalog entry and no provider price covers them, so '
  'ai_models_cost() cannot price their usage. Price them with an admin catalog entry or a manual config edit.';
