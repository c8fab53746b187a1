-- Strict: what pg_cron's own parser accepts may be laxer (it ignored the tail of "* * * * *'; drop table ...").
create or replace function ai_model_sync.cron_problem(expression text) returns text
language sql immutable parallel safe
set search_path = pg_catalog, pg_temp
as $$
  select case
    when expression is null or pg_catalog.btrim(expression) = '' then 'no schedule given'
    when expression ~ '^ *([1-9]|[1-5][0-9]) seconds? *$' then null
    when expression ~* ('^ *' || f.field || '( +' || f.field || '){4} *$') then null
    else pg_catalog.format('%s is not a cron expression of five fields (minute hour day-of-month month day-of-week) '
                           'nor pg_cron''s "N seconds" (1 to 59)', pg_catalog.quote_literal(pg_catalog.left(expression, 100)))
  end
    from (select '(\*|[0-9]{1,2}(-[0-9]{1,2})?|[a-z]{3}(-[a-z]{3})?)(/[0-9]{1,2})?'::text as item) as i,
         lateral (select i.item || '(,' || i.item || ')*' as field) as f
$$;
comment on function ai_model_sync.cron_problem(text) is
  'NULL when a schedule is five cron fields (each *, N, N-M or a month/day name, lists with commas, steps with /N) '
  'or pg_cron''s "N seconds" (1-59), else what is wrong with it. ai_models_schedule refuses anything else before '
  'pg_cron sees it.';
