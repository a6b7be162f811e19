import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openWorkspace, type Workspace } from '../src/core/workspace';
import { doc, list, paragraph, type Item } from '../src/shared/lexical/build';
import type { Article, ArticleSave } from '../src/shared/article';
import { report, summarise } from './machine';

const WORDS = 'supply chain minerals ministers processing refinery export policy partners investment'.split(' ');

function sentence(n: number, seed: number): string {
  return Array.from({ length: n }, (_, i) => WORDS[(seed + i * 7) % WORDS.length]).join(' ') + '.';
}

/** A long article: ~16,000 words of body in 400 paragraphs and 8 answers of ~500 words with lists. */
function bigArticle(): Pick<ArticleSave, 'body' | 'questions'> {
  const body = doc(...Array.from({ length: 400 }, (_, i) => paragraph(sentence(40, i))));
  const items: Item[] = Array.from({ length: 10 }, (_, i) => ({ content: [sentence(20, i)], nested: { kind: 'bullet', items: [{ content: [sentence(10, i + 1)] }] } }));
  const questions = Array.from({ length: 8 }, (_, i) => ({ id: `q${i}`, question: `Question ${i}?`, answer: doc(paragraph(sentence(200, i)), list('bullet', items)) }));
  return { body, questions };
}

/** 200 saves of an article, each changing it with `change(i)`; the time of each. */
function saves(ws: Workspace, first: Article, change: (i: number) => Partial<ArticleSave>): { article: Article; samples: number[] } {
  let article = first;
  const samples: number[] = [];
  for (let i = 0; i < 200; i += 1) {
    const { revision, createdAt: _c, updatedAt: _u, publishedAt: _p, trashedAt: _t, ...fields } = article;
    const input: ArticleSave = { ...fields, ...change(i), expectedRevision: revision };
    const start = performance.now();
    article = ws.articles.save(input);
    samples.push(performance.now() - start);
  }
  return { article, samples };
}

/** Saves of a 20,000-word article through the same service the app uses (autosave path). */
export function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'copydesk-bench-'));
  try {
    const ws = openWorkspace(dir, { seed: false });
    const { body, questions } = bigArticle();
    // A draft's autosave (the summary edited), then a published article's (its body edited:
    // the save also renders the parts a site build reads, see shared/render/article-parts.ts).
    const draft = saves(ws, ws.articles.create({ headline: 'Benchmark article' }), (i) => ({ body, questions, summary: `edit ${i}` }));
    const bodyEdit = (i: number): Pick<ArticleSave, 'body' | 'questions'> => ({
      questions,
      body: { ...body, root: { ...body.root, children: [paragraph(`edit ${i}`), ...body.root.children.slice(1)] } },
    });
    const draftBody = saves(ws, ws.articles.create({ headline: 'Draft benchmark article' }), bodyEdit);
    const published = saves(ws, ws.articles.create({ headline: 'Published benchmark article' }), (i) => ({ ...bodyEdit(i), status: 'published' }));
    const words = JSON.stringify(draft.article.body).split(' ').length + JSON.stringify(draft.article.questions).split(' ').length;
    ws.close();
    report('articles-save', {
      description: 'articles:save of a long article in core (validate + one transaction): a draft with its summary edited (ms); a draft and a published article with their body edited',
      approxWords: words,
      ms: summarise(draft.samples.slice(10)),
      draftBodyEditMs: summarise(draftBody.samples.slice(10)),
      publishedBodyEditMs: summarise(published.samples.slice(10)),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
