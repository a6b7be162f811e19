import { performance } from 'node:perf_hooks';
import type { Article } from '../src/shared/article';
import type { PublishedComment } from '../src/shared/engagement';
import { doc, FORMAT, heading, link, list, paragraph, plainText, quote, text } from '../src/shared/lexical/build';
import { renderArticlePage } from '../src/shared/render/article-page';
import { report, summarise } from './machine';

/**
 * The publish renderer on example-sized articles (the shape of shared/seed/example-article-page):
 * a ≈600-word body, 5 takeaways, 6 follow-up questions with ≈250-word answers holding nested
 * lists, 10 comments in threads. The issue measured 18–30 ms per article through
 * @lexical/headless + a DOM shim; this renderer walks the JSON directly.
 */

const VOCAB = (
  'the council budget harbor water pipes minerals refinery export policy partners investment of and to in ' +
  'a supply chains finance ministers urged cooperation rare earth elements secure diversified resilient'
).split(' ');

let seed = 1;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const words = (n: number) => Array.from({ length: n }, () => VOCAB[Math.floor(rand() * VOCAB.length)]).join(' ');

function body() {
  const blocks = [];
  // 8 paragraphs × 60 words + quote + heading + list ≈ 600 words, with formatting and links.
  for (let i = 0; i < 8; i++) {
    blocks.push(paragraph(words(30), text(words(5), FORMAT.bold), ' ', link('https://example.org/report', words(4)), ' ', text(words(6), FORMAT.italic), ' ', words(20)));
    if (i === 2) blocks.push(quote(`“${words(30)}”`));
    if (i === 4) blocks.push(heading('h2', words(5)));
  }
  blocks.push(list('bullet', [{ content: [words(15)] }, { content: [words(15)] }, { content: [words(15)] }]));
  return doc(...blocks);
}

function answer() {
  return doc(
    paragraph(words(60)),
    paragraph(words(40), text(words(5), FORMAT.bold)),
    list('number', [
      { content: [words(20)], nested: { kind: 'bullet', items: [{ content: [words(20)] }, { content: [words(20)] }] } },
      { content: [words(20)], nested: { kind: 'bullet', items: [{ content: [link('https://example.org/', words(8))] }] } },
    ]),
    paragraph(words(50)),
  );
}

function article(i: number): Article {
  return {
    id: `a${i}`,
    slug: `article-${i}`,
    section: 'Important News',
    headline: words(14),
    summary: words(35),
    byline: ['Maya Okafor', 'Daniel Reyes'],
    tags: ['minerals', 'treasury', 'trade'],
    body: body(),
    takeaways: Array.from({ length: 5 }, (_, t) => ({ id: `t${t}`, content: doc(paragraph(words(30))) })),
    questions: Array.from({ length: 6 }, (_, q) => ({ id: `q${q}`, question: `${words(12)}?`, answer: answer() })),
    status: 'published',
    revision: 3,
    createdAt: '2026-01-12T10:00:00.000Z',
    updatedAt: '2026-01-13T10:00:00.000Z',
    publishedAt: '2026-01-12T12:00:00.000Z',
    trashedAt: null,
  };
}

function comments(): PublishedComment[] {
  return Array.from({ length: 10 }, (_, c) => ({
    id: String(c + 1),
    parentId: c % 3 === 0 || c === 0 ? null : String(c),
    authorName: `Reader ${c}`,
    body: `${words(25)}\n${words(15)}`,
    createdAt: `2026-01-12T1${c % 10}:00:00.000Z`,
  }));
}

const site = { title: 'The Ledger', baseUrl: 'https://news.example.org/', language: 'en', description: 'News', loginUrl: 'https://news.example.org/login' };
const urls = {
  canonical: 'https://news.example.org/important-news/x/',
  home: '../../',
  section: '../../section/important-news/',
  tag: (name: string) => `../../tag/${name}/`,
  css: '../../assets/site.css',
  asset: (src: string) => `../../${src}`,
};

export function main(args: string[]): void {
  const count = Number(args[0] ?? 1000);
  const inputs = Array.from({ length: count }, (_, i) => ({ article: article(i), comments: comments() }));
  const wordCount = (state: Article['body']) => plainText(state).split(/\s+/).filter(Boolean).length;
  const first = inputs[0]!.article;
  const render = (input: (typeof inputs)[number]) =>
    renderArticlePage({ ...input, votes: { interesting: { yes: 3, total: 5 }, support: { yes: 2, total: 5 }, votingOpen: true }, site, urls });
  // Warm-up: let the JIT see the code paths before timing.
  for (let i = 0; i < 50; i++) render(inputs[i % inputs.length]!);

  const samples: number[] = [];
  let bytes = 0;
  const start = performance.now();
  for (const input of inputs) {
    const t0 = performance.now();
    bytes += render(input).length;
    samples.push(performance.now() - t0);
  }
  const total = performance.now() - start;
  const ms = summarise(samples);
  report('render', {
    articles: count,
    shape: { bodyWords: wordCount(first.body), answerWords: wordCount(first.questions[0]!.answer), takeaways: 5, questions: 6, comments: 10, avgHtmlKiB: Math.round(bytes / count / 1024) },
    articlesPerSecond: Math.round((count / total) * 1000),
    msPerArticle: ms,
    totalMs: Math.round(total),
  });
}
