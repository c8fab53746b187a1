-- Every problem of one entry, as an array of human-readable reasons (empty when the entry is fine).
create or replace function ai_model_sync.catalog_entry_problems(p_entry jsonb, p_tier ai_model_sync.catalog_tier)
returns text[]
language plpgsql
stable
set search_path = pg_catalog, pg_temp
as $$
declare
  problems text[] := '{}';
  k text;
  period jsonb;
  n integer;
  v jsonb;
  cfg jsonb;
  core_problem text;
begin
  if jsonb_typeof(p_entry) is distinct from 'object' then
    return array['an entry must be a JSON object, got ' || coalesce(jsonb_typeof(p_entry), 'nothing')];
  end if;

  -- Unknown top-level keys are typos ("modle", "conifg") that would otherwise be silently dropped.
  for k in select key from jsonb_each(p_entry)
           where key not in ('provider', 'model', 'match', 'config', 'prices', 'source_url', 'checked_on', 'notes', 'file')
  loop
    problems := problems || format('unknown field "%s" (allowed: provider, model, match, config, prices, source_url, checked_on, notes)', k);
  end loop;

  foreach k in array array['provider', 'model'] loop
    if jsonb_typeof(p_entry -> k) is distinct from 'string' or btrim(p_entry ->> k) = '' then
      problems := problems || format('missing field "%s" (a non-empty string)', k);
    end if;
  end loop;
  if jsonb_typeof(p_entry -> 'model') = 'string' and p_entry ->> 'model' <> btrim(p_entry ->> 'model') then
    problems := problems || 'field "model" has leading or trailing blanks'::text;
  end if;

  if not p_entry ? 'match' then
    problems := problems || 'missing field "match" ("exact" or "family")'::text;
  elsif jsonb_typeof(p_entry -> 'match') is distinct from 'string' or p_entry ->> 'match' not in ('exact', 'family') then
    problems := problems || format('unknown match %s: must be "exact" or "family"', p_entry -> 'match');
  elsif p_entry ->> 'match' = 'family' and jsonb_typeof(p_entry -> 'model') = 'string'
        and ai_model_sync.version_base(p_entry ->> 'model') <> (p_entry ->> 'model') then
    problems := problems || format('a family entry must name a base id, but "%s" carries a version suffix (its base is "%s")',
                                   p_entry ->> 'model', ai_model_sync.version_base(p_entry ->> 'model'));
  end if;

  -- Built-in entries must say where the price was checked, and when.
  if p_tier = 'builtin' then
    if jsonb_typeof(p_entry -> 'source_url') is distinct from 'string' or p_entry ->> 'source_url' !~ '^https?://' then
      problems := problems || 'missing field "source_url" (an http(s) URL of the page the price was checked on)'::text;
    end if;
    if jsonb_typeof(p_entry -> 'checked_on') is distinct from 'string' then
      problems := problems || 'missing field "checked_on" (the date the price was checked, YYYY-MM-DD)'::text;
    end if;
  end if;
  if jsonb_typeof(p_entry -> 'checked_on') = 'string' and not ai_model_sync.pg_input_is_valid_date(p_entry ->> 'checked_on') then
    problems := problems || format('field "checked_on" is not a date: "%s" (YYYY-MM-DD)', p_entry ->> 'checked_on');
  end if;
  foreach k in array array['source_url', 'notes', 'checked_on'] loop
    if p_entry ? k and jsonb_typeof(p_entry -> k) not in ('string', 'null') then
      problems := problems || format('field "%s" must be a string', k);
    end if;
  end loop;

  cfg := p_entry -> 'config';
  if cfg is null then
    problems := problems || 'missing field "config" (an object of config keys)'::text;
  elsif jsonb_typeof(cfg) <> 'object' then
    problems := problems || format('field "config" must be an object, got %s', jsonb_typeof(cfg));
  else
    -- Prices: per single token, numeric, not negative, and not a per-1M price typed by mistake.
    problems := problems || array(select 'price ' || ai_model_sync.price_entry_problem(c.key, c.value, 1)
                                    from jsonb_each(cfg) as c
                                   where c.key like '%\_cost\_rate' and ai_model_sync.price_entry_problem(c.key, c.value, 1) is not null);
    if cfg ? 'long_context_threshold_tokens' and not exists (
         select from jsonb_object_keys(cfg) key where key like 'long\_context\_%\_cost\_rate') then
      problems := problems || 'long_context_threshold_tokens is set but no long_context_*_cost_rate goes with it'::text;
    end if;
    if exists (select from jsonb_object_keys(cfg) key where key like 'long\_context\_%\_cost\_rate')
       and not cfg ? 'long_context_threshold_tokens' then
      problems := problems || 'a long_context_*_cost_rate is set without long_context_threshold_tokens'::text;
    end if;
    if array_length(problems, 1) is null then
      core_problem := ai_model_sync.config_problem(cfg);
      if core_problem is not null then
        problems := problems || ('invalid config: ' || core_problem);
      end if;
    end if;
  end if;
  -- Dated prices: [{"from": "YYYY-MM-DD", "until": "YYYY-MM-DD", "config": {cost keys}}] (docs/pricing-rules.md).
  if p_entry ? 'prices' and jsonb_typeof(p_entry -> 'prices') <> 'null' then
    if jsonb_typeof(p_entry -> 'prices') <> 'array' or jsonb_array_length(p_entry -> 'prices') = 0 then
      problems := problems || 'field "prices" must be a non-empty array of {"from", "until", "config"} objects'::text;
    else
      n := 0;
      for period in select value from jsonb_array_elements(p_entry -> 'prices') loop
        n := n + 1;
        if jsonb_typeof(period) <> 'object' then
          problems := problems || format('prices[%s] must be an object {"from", "until", "config"}, got %s', n, jsonb_typeof(period));
          continue;
        end if;
        for k in select key from jsonb_object_keys(period) key where key not in ('from', 'until', 'config', 'notes') loop
          problems := problems || format('prices[%s]: unknown field "%s" (allowed: from, until, config, notes)', n, k);
        end loop;
        if not (period ? 'from' or period ? 'until') then
          problems := problems || format('prices[%s] needs "from" or "until" (YYYY-MM-DD): a price without dates belongs in "config"', n);
        end if;
        foreach k in array array['from', 'until'] loop
          if period ? k and (jsonb_typeof(period -> k) <> 'string' or not ai_model_sync.pg_input_is_valid_date(period ->> k)) then
            problems := problems || format('prices[%s]: "%s" is not a date: %s (YYYY-MM-DD, UTC)', n, k, period -> k);
          end if;
        end loop;
        if ai_model_sync.pg_input_is_valid_date(period ->> 'from') and ai_model_sync.pg_input_is_valid_date(period ->> 'until')
           and (period ->> 'from')::date > (period ->> 'until')::date then
          problems := problems || format('prices[%s]: "from" %s is after "until" %s', n, period ->> 'from', period ->> 'until');
        end if;
        if jsonb_typeof(period -> 'config') is distinct from 'object' or period -> 'config' = '{}'::jsonb then
          problems := problems || format('prices[%s]: "config" must be a non-empty object of cost keys', n);
        else
          for k, v in select key, value from jsonb_each(period -> 'config') loop
            if k not like '%\_cost\_rate' and k <> 'long_context_threshold_tokens' then
              problems := problems || format('prices[%s]: "%s" is not a price (only *_cost_rate keys and long_context_threshold_tokens are dated)', n, k);
            elsif ai_model_sync.price_entry_problem(k, v, 1) is not null then
              problems := problems || format('prices[%s]: %s', n, ai_model_sync.price_entry_problem(k, v, 1));
            end if;
          end loop;
        end if;
      end loop;
      -- Periods must not overlap: at any time at most one holds.
      if array_length(problems, 1) is null then
        select format('prices[%s] (%s .. %s) overlaps prices[%s] (%s .. %s): at most one dated price holds at a time',
                      a.i, coalesce(a.p ->> 'from', 'open'), coalesce(a.p ->> 'until', 'open'),
                      b.i, coalesce(b.p ->> 'from', 'open'), coalesce(b.p ->> 'until', 'open'))
          into k
          from jsonb_array_elements(p_entry -> 'prices') with ordinality a(p, i)
          join jsonb_array_elements(p_entry -> 'prices') with ordinality b(p, i) on b.i > a.i
         where coalesce((a.p ->> 'from')::date, '-infinity'::date) <= coalesce((b.p ->> 'until')::date, 'infinity'::date)
           and coalesce((b.p ->> 'from')::date, '-infinity'::date) <= coalesce((a.p ->> 'until')::date, 'infinity'::date)
         order by a.i, b.i
         limit 1;
        if k is not null then
          problems := problems || k;
        end if;
      end if;
    end if;
  end if;
  return problems;
end;
$$;
comment on function ai_model_sync.catalog_entry_problems(jsonb, ai_model_sync.catalog_tier) is
  'Every problem of one catalog entry (missing or unknown field, unknown match, non-numeric, negative or '
  'per-1M-looking price above 0.001 USD/token, invalid config per ai_model_sync.config_problem, dated prices that '
  'are malformed, not prices, or overlap); empty array when valid.';
