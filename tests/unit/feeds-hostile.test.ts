import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { renderFeeds } from '../../src/core/publish/feeds';
import type { PublishedSummary } from '../../src/core/publish/source';
import { ArticleSaveSchema } from '../../src/shared/article';
import { escapeHtml } from '../../src/shared/render/html';
import { DEFAULT_SITE_SETTINGS, SiteSettingsSchema, type SiteSettings } from '../../src/shared/site';
import { stripXmlUnsafe } from '../../src/shared/xml-text';
import { publishedArticle, read, siteWith } from './site-fixtures';
import { tempWorkspace } from './helpers';

// trimValues/parseTagValue off: compare the exact text, not a number or a trimmed string.
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', trimValues: false, parseTagValue: false, isArray: (name) => ['item', 'entry', 'category', 'dc:creator', 'author'].includes(name) });

/** Text that broke the feeds, and more of the same kind. */
const HOSTILE = [
  'a < b',
  'a > b & c',
  `"double" and 'single'`,
  ']]> <![CDATA[ x ]]>',
  '<!-- comment --> <?pi x?> <!DOCTYPE x>',
  'tab\there, newline\nthere',
  'null\u0000 bell\u0007 escape\u001b vt\u000b ff\u000c',
  'nonchars \uFFFE and \uFFFF',
  'lone \uD800 surrogate and \uDC00 another',
  'emoji 📰 and astral 𝔸 kept',
  '&amp; &lt; &#60; &#x3c; already-escaped-looking',
  '\u202Eright-to-left override',
];

const site: SiteSettings = { ...DEFAULT_SITE_SETTINGS, title: 'The <Harbor> & "Ledger"', baseUrl: 'https://news.example.org/ledger/', description: 'News < views' };

function summary(i: number, text: string): PublishedSummary {
  return {
    id: `a${i}`,
    slug: `story-${i}`,
    section: `Section ${text}`,
    headline: `Headline ${text}`,
    summary: `Summary ${text}`,
    byline: [`Author ${text}`],
    tags: [`tag ${text}`, 'plain'],
    revision: 1,
    updatedAt: '2025-03-14T09:30:00.000Z',
    publishedAt: '2025-03-14T09:30:00.000Z',
  };
}

/** XML turns CR and CRLF into LF and a parser may fold attribute whitespace: compare words. */
const words = (text: string) => text.replace(/\s+/g, ' ').trim();
const asText = (value: unknown): string => (typeof value === 'object' && value !== null ? String((value as Record<string, unknown>)['#text'] ?? '') : String(value ?? ''));

function parseBoth(items: PublishedSummary[]) {
  const feeds = renderFeeds(items, site, (item) => `/${item.slug}/`);
  for (const xml of [feeds.rss, feeds.atom]) {
    const valid = XMLValidator.validate(xml);
    expect(valid, typeof valid === 'object' ? `${valid.err.msg} at ${valid.err.line}:${valid.err.col}` : '').toBe(true);
    expect(xml).not.toMatch(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u);
  }
  const rss = parser.parse(feeds.rss) as { rss: { channel: { title: string; item?: Record<string, unknown>[] } } };
  const atom = parser.parse(feeds.atom) as { feed: { title: string; entry?: Record<string, unknown>[] } };
  return { rss: rss.rss.channel, atom: atom.feed };
}

describe('issue 18.5: RSS and Atom are valid XML for hostile text', () => {
  it.each(HOSTILE)('%j in every field parses back as the same text', (text) => {
    const { rss, atom } = parseBoth([summary(1, text)]);
    const clean = stripXmlUnsafe(text);
    const item = rss.item![0]!;
    expect(words(asText(item.title))).toBe(words(escapeHtml(`Headline ${clean}`)));
    expect(words(asText(item.description))).toBe(words(escapeHtml(`Summary ${clean}`)));
    expect((item.category as unknown[]).map((c) => words(asText(c)))).toEqual([`Section ${clean}`, `tag ${clean}`, 'plain'].map(words));
    expect((item['dc:creator'] as unknown[]).map((c) => words(asText(c)))).toEqual([words(`Author ${clean}`)]);
    const entry = atom.entry![0]!;
    expect(words(asText(entry.title))).toBe(words(escapeHtml(`Headline ${clean}`)));
    const categories = entry.category as Record<string, string>[];
    expect(categories.map((c) => words(c['@label']!))).toEqual([`Section ${clean}`, `tag ${clean}`, 'plain'].map(words));
    expect(categories.map((c) => words(c['@term']!))).toEqual([`Section ${clean}`, `tag ${clean}`, 'plain'].map(words));
    expect(words(asText(rss.title))).toBe(words(site.title));
  });

  it('the Atom category label that broke it: <category label="a < b"/> is escaped', () => {
    const { atom } = renderFeeds([summary(1, 'a < b')], site, (item) => `/${item.slug}/`);
    expect(atom).toContain('<category term="tag a &lt; b" label="tag a &lt; b"/>');
  });

  it('any text at all (fast-check) gives well-formed feeds that carry it back', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 40 }), { minLength: 1, maxLength: 4 }), (texts) => {
        const { rss, atom } = parseBoth(texts.map((text, i) => summary(i, text)));
        texts.forEach((text, i) => {
          expect(words(asText(rss.item![i]!.title))).toBe(words(escapeHtml(`Headline ${stripXmlUnsafe(text)}`)));
          expect(words(asText(atom.entry![i]!.summary))).toBe(words(escapeHtml(`Summary ${stripXmlUnsafe(text)}`)));
        });
      }),
      { numRuns: 80 },
    );
  });

  it('a published site with hostile text already stored writes feeds that parse', async () => {
    const { ws, out, publisher } = siteWith(0, [publishedArticle(1)]);
    // Stored before the schema refused such characters: written straight to the database.
    ws.db.prepare('UPDATE articles SET headline = ?, summary = ? WHERE id = ?').run('Fire \u0001 at <b>\uFFFE', 'a < b \uFFFF', 'article-1');
    ws.db.prepare('UPDATE article_tags SET tag = ? WHERE article_id = ?').run('a < b \u0008', 'article-1');
    await publisher.publishSite({ force: true });
    for (const file of ['feed.xml', 'atom.xml']) expect(XMLValidator.validate(read(out, file))).toBe(true);
    expect(read(out, 'atom.xml')).toContain('label="a &lt; b "');
  });

  it('save and import refuse such characters in feed text, saying which', () => {
    const ws = tempWorkspace();
    const article = ws.articles.create({ headline: 'Clean' });
    const { revision: _r, createdAt: _c, updatedAt: _u, publishedAt: _p, trashedAt: _t, ...fields } = article;
    for (const [edit, path] of [
      [{ headline: 'Fire\u0001' }, 'headline'],
      [{ summary: 'x \uFFFE' }, 'summary'],
      [{ tags: ['ok', 'bad\uFFFF'] }, 'tags.1'],
      [{ byline: ['A\u001b'] }, 'byline.0'],
      [{ section: '\u0000' }, 'section'],
      [{ questions: [{ id: 'q1', question: 'Why\u0007?', answer: { root: { type: 'root', version: 1, children: [] } } }] }, 'questions.0.question'],
    ] as const) {
      const result = ArticleSaveSchema.safeParse({ ...fields, ...edit });
      expect(result.success).toBe(false);
      expect(result.error!.issues[0]!.path.join('.')).toBe(path);
      expect(result.error!.issues[0]!.message).toMatch(/^Contains an invisible control character \(U\+[0-9A-F]{4}, character \d+\) that feeds cannot carry; remove it$/);
    }
    expect(() => ws.articles.importMany([{ headline: 'Tab\tand newline\nare fine', summary: 'emoji 📰 fine' }])).not.toThrow();
    expect(SiteSettingsSchema.shape.title.safeParse('Site\u0002').success).toBe(false);
  });
});
