// Every relative link of README.md and docs/*.md points at a file that exists, and every #anchor at a heading of
// its target, slugged as GitHub does. No database needed.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';

const root = resolve(import.meta.dirname, '..');

/** The Markdown pages checked: README.md and every docs/*.md. */
function pages(): string[] {
  const docs = join(root, 'docs');
  const inDocs = existsSync(docs) ? readdirSync(docs).filter((f) => f.endsWith('.md')).sort().map((f) => join(docs, f)) : [];
  return [join(root, 'README.md'), ...inDocs];
}

/** The lines of a page outside fenced code blocks, with their line numbers (1-based). */
function proseLines(text: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  let fence: string | undefined;
  text.split('\n').forEach((raw, i) => {
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(raw)?.[1];
    if (marker) {
      if (fence === undefined) fence = marker;
      else if (marker.startsWith(fence)) fence = undefined;
      return;
    }
    if (fence === undefined) out.push({ line: i + 1, text: raw });
  });
  return out;
}

/** A heading's text as GitHub renders it: inline code, emphasis and link markup removed. */
function headingText(markdown: string): string {
  const text = markdown
    .replace(/\s+#+\s*$/, '') // closing hashes
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1'); // links and images: their text
  // Code spans are kept as they are; outside them, inline HTML and emphasis markers go (an underscore inside a
  // word, as in ai_model_catalog, is not emphasis).
  return text
    .split(/(`[^`]*`)/)
    .map((part, i) =>
      i % 2 === 1
        ? part.slice(1, -1)
        : part
            .replace(/<[^>]+>/g, '')
            .replace(/\*\*(.+?)\*\*/g, '$1')
            .replace(/\*(.+?)\*/g, '$1')
            .replace(/(^|[^\p{L}\p{N}])__(.+?)__(?![\p{L}\p{N}])/gu, '$1$2')
            .replace(/(^|[^\p{L}\p{N}])_(.+?)_(?![\p{L}\p{N}])/gu, '$1$2'),
    )
    .join('')
    .trim();
}

/** GitHub's anchor of a heading: lower-case, punctuation dropped except - and _, each space a -. */
export function slug(heading: string): string {
  return headingText(heading)
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a page's headings, duplicates numbered -1, -2, … as GitHub does. */
export function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const { text: line } of proseLines(text)) {
    const m = /^\s{0,3}#{1,6}\s+(.*)$/.exec(line);
    if (!m) continue;
    const base = slug(m[1]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

interface Link {
  page: string;
  line: number;
  target: string;
}

/** The inline links and images of a page, outside code blocks and inline code. */
function links(page: string): Link[] {
  const out: Link[] = [];
  for (const { line, text } of proseLines(readFileSync(page, 'utf8'))) {
    const prose = text.replace(/`[^`]*`/g, '');
    for (const m of prose.matchAll(/!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      out.push({ page, line, target: m[1]! });
    }
  }
  return out;
}

function isRelative(target: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('//');
}

/** Why a relative link is broken, or undefined when it works. */
function problem(link: Link, anchorCache: Map<string, Set<string>>): string | undefined {
  const [pathPart, anchor] = link.target.split('#', 2) as [string, string | undefined];
  const file = pathPart === '' ? link.page : resolve(dirname(link.page), decodeURIComponent(pathPart));
  if (!existsSync(file)) return `no file ${relative(root, file)}`;
  if (anchor === undefined || anchor === '') return undefined;
  if (statSync(file).isDirectory() || !file.endsWith('.md')) return `#${anchor} on a file that is not Markdown`;
  let known = anchorCache.get(file);
  if (!known) {
    known = anchors(readFileSync(file, 'utf8'));
    anchorCache.set(file, known);
  }
  return known.has(decodeURIComponent(anchor).toLowerCase()) ? undefined : `no heading #${anchor} in ${relative(root, file)}`;
}

test('the slugs follow GitHub: lower-case, punctuation dropped but - and _, spaces become -', () => {
  assert.equal(slug('`make sync`: fetch, stage, apply, report'), 'make-sync-fetch-stage-apply-report');
  assert.equal(slug('History and "what did we charge on 3 March?"'), 'history-and-what-did-we-charge-on-3-march');
  assert.equal(slug('Roles: what each may do'), 'roles-what-each-may-do');
  assert.equal(slug('What is covered (last checked 2026-11-25)'), 'what-is-covered-last-checked-2026-11-25');
  assert.equal(slug('1. pg_cron'), '1-pg_cron');
  assert.equal(slug('Retries, timeouts, pagination'), 'retries-timeouts-pagination');
  assert.equal(slug('**Bold** and [a link](x.md)'), 'bold-and-a-link');
  assert.equal(slug('`ai_model_catalog`'), 'ai_model_catalog');
  assert.equal(slug('ai_model_sync helpers, _emphasis_'), 'ai_model_sync-helpers-emphasis');
  assert.equal(slug('`is_active` is merged like a config key'), 'is_active-is-merged-like-a-config-key');
  assert.equal(slug("Hand-made rows are the admin's alone"), 'hand-made-rows-are-the-admins-alone');
  assert.deepEqual([...anchors('# A\n## A\n```\n# A\n```\n### A\n')], ['a', 'a-1', 'a-2']);
});

test('every relative link and anchor of README.md and docs/*.md works', () => {
  const cache = new Map<string, Set<string>>();
  const all = pages().flatMap(links).filter((l) => isRelative(l.target));
  assert.ok(all.length > 0, 'no relative link found: is the parser broken?');
  const broken = all.flatMap((l) => {
    const why = problem(l, cache);
    return why ? [`${relative(root, l.page)}:${l.line}: (${l.target}) ${why}`] : [];
  });
  assert.deepEqual(broken, [], `broken links:\n  ${broken.join('\n  ')}`);
});
