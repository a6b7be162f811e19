import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openWorkspace } from '../src/core/workspace';
import { doc, paragraph } from '../src/shared/lexical/build';
import type { ArticleImport } from '../src/shared/article';
import { report, summarise } from './machine';

const VOCAB = (
  'council budget harbor water pipes minerals refinery export policy partners investment election court ' +
  'school teachers hospital nurses transit rail bridge storm flood drought wildfire tariffs housing rent ' +
  'police museum festival stadium league coach players climate energy solar wind grid battery lithium'
).split(' ');

// Filler words follow Zipf's law like real prose: a few very common, a long tail of rare ones.
const SYLLABLES = 'ka lo mi nu pe ra si to vu ze ba de fi go hu'.split(' ');
const FILLER = Array.from({ length: 5000 }, (_, i) => {
  let w = '';
  for (let n = i + 1; n > 0; n = Math.floor(n / SYLLABLES.length)) w += SYLLABLES[n % SYLLABLES.length];
  return w;
});
const ZIPF = (() => {
  const weights = FILLER.map((_, i) => 1 / (i + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  let acc = 0;
  return weights.map((w) => (acc += w / total));
})();

function words(n: number, seed: number): string {
  let x = seed + 1;
  const next = () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const out: string[] = [];
  for (let i = 0; i < n; i += 1) {
    // About one word in twelve is a topical news word; the rest is Zipf-distributed filler.
    if (next() < 1 / 12) out.push(VOCAB[Math.floor(next() * VOCAB.length)]!);
    else {
      const r = next();
      let lo = 0;
      let hi = ZIPF.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (ZIPF[mid]! < r) lo = mid + 1;
        else hi = mid;
      }
      out.push(FILLER[lo]!);
    }
  }
  return out.join(' ');
}

/** FTS query latency over 10,000 articles of ~700 words each (headline, body, takeaways, answers). */
export function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'copydesk-bench-search-'));
  try {
    const ws = openWorkspace(dir, { seed: false });
    const articles: ArticleImport[] = Array.from({ length: 10_000 }, (_, i) => ({
      headline: `${words(8, i)} ${i}`,
      summary: words(30, i + 1),
      body: doc(...Array.from({ length: 12 }, (_, p) => paragraph(words(40, i * 31 + p)))),
      takeaways: Array.from({ length: 5 }, (_, t) => ({ id: `t${t}`, content: doc(paragraph(words(15, i * 7 + t))) })),
      questions: Array.from({ length: 2 }, (_, q) => ({ id: `q${q}`, question: words(8, i + q), answer: doc(paragraph(words(60, i * 3 + q))) })),
      tags: [VOCAB[i % VOCAB.length]!],
    }));
    const t0 = performance.now();
    for (let i = 0; i < articles.length; i += 1000) ws.articles.importMany(articles.slice(i, i + 1000));
    const importMs = performance.now() - t0;
    const queries = ['harbor', 'water pipes', 'lith', 'storm flood', 'council budget election', 'solar grid battery', 'teach', 'rent housing'];
    const samples: number[] = [];
    for (let round = 0; round < 40; round += 1) {
      for (const text of queries) {
        const start = performance.now();
        ws.articles.search({ text, limit: 50 });
        samples.push(performance.now() - start);
      }
    }
    ws.close();
    report('search', {
      description: 'articles:search (FTS5, bm25, snippet, 50 hits with summaries) over 10,000 articles',
      articles: articles.length,
      indexMs: Math.round(importMs),
      queryMs: summarise(samples),
      targetP95Ms: 20,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
