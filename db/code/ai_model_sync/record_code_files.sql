create or replace function ai_model_sync.record_code_files(files jsonb) returns text[]
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
declare
  stale text[];
  dropping text;
begin
  -- Objects recorded for files that are gone, or recorded under a signature the file no longer defines.
  select coalesce(array_agg(c.object order by c.path), '{}') into stale
    from ai_model_sync.code_files c
   where not exists (select from jsonb_to_recordset(files) as f(path text, object text) where f.object = c.object);
  foreach dropping in array stale loop
    -- "function x(...)" -> drop function if exists x(...): a migration may have dropped it already
    execute 'drop ' || split_part(dropping, ' ', 1) || ' if exists ' || substr(dropping, strpos(dropping, ' ') + 1);
  end loop;
  delete from ai_model_sync.code_files c
   where c.object = any (stale)
      or not exists (select from jsonb_to_recordset(files) as f(path text) where f.path = c.path);

  insert into ai_model_sync.code_files as c (path, object, digest)
  select f.path, f.object, f.digest from jsonb_to_recordset(files) as f(path text, object text, digest text)
  on conflict (path) do update set object = excluded.object, digest = excluded.digest, loaded_at = now()
   where (c.object, c.digest) is distinct from (excluded.object, excluded.digest);
  return stale;
end
$$;
comment on function ai_model_sync.record_code_files(jsonb) is
  'Records the code files just loaded ([{path, object, digest}]): drops the objects of files that are gone and the '
  'old signature of a file whose signature changed, then upserts the registry (ai_model_sync.code_files), writing '
  'only rows that changed. Returns the objects dropped. Called by the loader at the end of its transaction.';
