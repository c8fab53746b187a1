-- The catalog loader: validates a set of catalog entries (the built-in data files, or an imported
-- LiteLLM cost map) and merges it set-based into public.ai_model_catalog for ONE tier. Admin rows are
-- never touched. Nothing changes when any entry is bad: the function raises before it writes.

-- Small helper: is this text a valid date? (pg_input_is_valid() exists only from PostgreSQL 16.)
create or replace function ai_model_sync.pg_input_is_valid_date(p_text text)
returns boolean
language plpgsql
immutable
set search_path = pg_catalog, pg_temp
as $$
begin
  perform p_text::date;
  return p_text ~ '^\d{4}-\d{2}-\d{2}$';
exception when others then
  return false;
end;
$$;
comment on function ai_model_sync.pg_input_is_valid_date(text) is
  'True when the text is a valid YYYY-MM-DD date (PostgreSQL 15 has no pg_input_is_valid()).';
