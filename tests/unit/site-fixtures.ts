import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { HtmlValidate, type ConfigData } from 'html-validate';
import { expect } from 'vitest';
import type { ArticleImport } from '../../src/shared/article';
import { doc, link, list, paragraph } from '../../src/shared/lexical/build';
import { sampleArticle } from '../../src/core/sample/sample-article';
import { Publisher } from '../../src/core/publish/publisher';
import type { Workspace } from '../../src/core/workspace';
import { tempDir, tempWorkspace } from './helpers';

/**
 * html-validate configuration for the published pages: the recommended rule set, minus rules
 * that judge style rather than validity. Documented here because it is the bar the tests set.
 *  - no-trailing-whitespace, attribute-boolean-style, void-style: formatting preferences.
 *  - long-title: headlines are long by nature, and the page title is headline · site.
 *  - doctype-style: the shared document shell writes `<!doctype html>`; case is not validity.
 *  - no-redundant-role: the shell's explicit banner/contentinfo roles are harmless belt and braces.
 */
export const HTML_VALIDATE_CONFIG: ConfigData = {
  extends: ['html-validate:recommended'],
  rules: {
    'no-trailing-whitespace': 'off',
    'attribute-boolean-style': 'off',
    'void-style': 'off',
    'long-title': 'off',
    'doctype-style': 'off',
    'no-redundant-role': 'off',
  },
};

const validator = new HtmlValidate(HTML_VALIDATE_CONFIG);

/** html-validate's messages for a page, as "line:col rule message" strings (empty when valid). */
export async function htmlProblems(html: string): Promise<string[]> {
  const report = await validator.validateString(html);
  return report.results.flatMap((r) => r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.message}`));
}

export const HOSTILE = `<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes" 'single' ]]> <!--`;

/** A published article in the example page's shape, with a distinct headline and date. */
export function publishedArticle(n: number, overrides: Partial<ArticleImport> = {}): ArticleImport {
  const base = sampleArticle();
  const day = String(1 + (n % 28)).padStart(2, '0');
  const month = String(1 + Math.floor(n / 28) % 12).padStart(2, '0');
  return {
    ...base,
    id: `article-${n}`,
    headline: `Story number ${n}: council acts on water`,
    slug: `story-${n}`,
    status: 'published',
    publishedAt: `2025-${month}-${day}T0${n % 10}:00:00.000Z`,
    ...overrides,
  };
}

export interface Site {
  ws: Workspace;
  out: string;
  publisher: Publisher;
}

/** A workspace with `count` published articles (sections World/Local News alternate) and an output folder. */
export function siteWith(count: number, extra: ArticleImport[] = []): Site {
  const ws = tempWorkspace();
  ws.articles.importMany([
    ...Array.from({ length: count }, (_, i) => publishedArticle(i + 1, { section: i % 2 === 0 ? 'World' : 'Local News', tags: i % 3 === 0 ? ['water', 'energy'] : ['water'] })),
    ...extra,
  ]);
  const out = join(tempDir('copydesk-site-'), 'site');
  const publisher = new Publisher(ws);
  publisher.settings.update({ title: 'The Harbor Ledger', baseUrl: 'https://news.example.org/ledger/', outputDir: out, description: 'News from Harbor City', loginUrl: 'https://news.example.org/login' });
  return { ws, out, publisher };
}

/** A full build after a targeted publish writes and deletes nothing: the targeted result was exactly a full build's. */
export async function expectFullBuildUnchanged(site: Site): Promise<void> {
  const full = await site.publisher.publishSite();
  expect(full.written).toEqual([]);
  expect(full.deleted).toEqual([]);
}

/** Every file under a folder (relative paths, "/" separated), sorted. */
export function filesUnder(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else found.push(relative(dir, full).split('\\').join('/'));
    }
  };
  walk(dir);
  return found.sort();
}

export function read(out: string, file: string): string {
  return readFileSync(join(out, file), 'utf8');
}

/** Snapshot of every file's content, to compare before and after a publish. */
export function contents(out: string): Map<string, string> {
  return new Map(filesUnder(out).map((f) => [f, read(out, f)]));
}

export const answerWithList = () => doc(paragraph('An answer with ', link('https://example.org/src', 'a source'), '.'), list('bullet', [{ content: ['one'], nested: { kind: 'bullet', items: [{ content: ['nested'] }] } }]));
