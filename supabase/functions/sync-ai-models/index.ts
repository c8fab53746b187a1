// Supabase Edge Function `sync-ai-models`: fetch every configured provider, stage the lists through
// SUPABASE_DB_URL, apply them, answer the JSON report. See handler.ts and docs/install.md ("Supabase").
//   supabase functions deploy sync-ai-models --use-api
import { handler } from './handler.ts';

Deno.serve(handler);
