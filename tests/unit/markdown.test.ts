import { describe, expect, it } from 'vitest';
import { ArticleImportSchema, type Article } from '../../src/shared/article';
import { doc, FORMAT, heading, link, list, paragraph, quote, text } from '../../src/shared/lexical/build';
import { LexicalStateSchema } from '../../src/shared/lexical/schema';
import { articleToMarkdown, parseArticleMarkdown } from '../../src/core/markdown/article-markdown';
import { lexicalToMarkdown, markdownToLexical } from '../../src/core/markdown/lexical-markdown';
import { ImportFileError } from '../../src/core/io/import-error';
import { sampleArticle } from '../../src/core/sample/sample-article';
import { withoutListValues } from './lexical-compare';

/** Runs `fn` and returns the ImportFileError it throws. */
function importError(fn: () => unknown): ImportFileError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ImportFileError) return error;
    throw error;
  }
  throw new Error('expected an ImportFileError');
}

const md = (front: string, body = 'Body.') => `---\n${front}\n---\n\n${body}\n`;

describe('markdownToLexical / lexicalToMarkdown', () => {
  it('converts blocks, inline formats and links to the same JSON the builders make', () => {
    const state = markdownToLexical(
      '## Who pays\n\nSome **bold**, *italic*, ~~struck~~ and `code` with a [link](https://example.org/a).\n\n> A quote',
    );
    expect(state).toEqual(
      doc(
        heading('h2', 'Who pays'),
        paragraph(
          'Some ',
          text('bold', FORMAT.bold),
          ', ',
          text('italic', FORMAT.italic),
          ', ',
          text('struck', FORMAT.strikethrough),
          ' and ',
          text('code', FORMAT.code),
          ' with a ',
          link('https://example.org/a', 'link'),
          '.',
        ),
        quote('A quote'),
      ),
    );
  });

  it('nests lists by four spaces, both ways', () => {
    const source = '- one\n    - one a\n        1. deep\n- two';
    const expected = doc(
      list('bullet', [
        { content: ['one'], nested: { kind: 'bullet', items: [{ content: ['one a'], nested: { kind: 'number', items: [{ content: ['deep'] }] } }] } },
        { content: ['two'] },
      ]),
    );
    expect(withoutListValues(markdownToLexical(source))).toEqual(withoutListValues(expected));
    expect(lexicalToMarkdown(expected)).toBe(source);
  });

  it('demotes h1 to h2 and h5/h6 to h4, keeping h2–h4', () => {
    const state = markdownToLexical('# One\n\n## Two\n\n### Three\n\n#### Four\n\n##### Five\n\n###### Six');
    expect(state.root.children.map((n) => n.tag)).toEqual(['h2', 'h2', 'h3', 'h4', 'h4', 'h4']);
  });

  it('round-trips the sample article body and answers', () => {
    const sample = sampleArticle();
    for (const state of [sample.body!, ...sample.questions!.map((q) => q.answer)]) {
      expect(withoutListValues(markdownToLexical(lexicalToMarkdown(state)))).toEqual(withoutListValues(state));
    }
  });

  it('gives an empty document for empty Markdown', () => {
    expect(markdownToLexical('')).toEqual(doc(paragraph()));
    expect(lexicalToMarkdown(doc(paragraph()))).toBe('');
  });
});

describe('parseArticleMarkdown', () => {
  it('reads front matter, body, takeaways and follow-up questions', () => {
    const article = parseArticleMarkdown(
      md(
        'title: Ferry resumes\nsection: Local\nsummary: It runs again.\nbyline: Priya N\ntags: [transport, 2025]\nslug: ferry\nstatus: In review\ndate: 2025-03-14\ntakeaways:\n  - Runs **Monday**\n  - Costs *less*',
        '# Lead\n\nBody text.\n\n## Follow Up Questions\n\n### Do passes work?\n\nYes:\n\n- annual\n    - student\n\n### Fares? ###\n\nNo.',
      ),
      'story.md',
    );
    expect(article).toMatchObject({
      headline: 'Ferry resumes',
      section: 'Local',
      summary: 'It runs again.',
      byline: ['Priya N'],
      tags: ['transport', '2025'],
      slug: 'ferry',
      status: 'in_review',
      createdAt: '2025-03-14T00:00:00.000Z',
    });
    expect(article.publishedAt).toBeUndefined();
    expect(article.body).toEqual(doc(heading('h2', 'Lead'), paragraph('Body text.')));
    expect(article.takeaways).toEqual([
      { id: 't1', content: doc(paragraph('Runs ', text('Monday', FORMAT.bold))) },
      { id: 't2', content: doc(paragraph('Costs ', text('less', FORMAT.italic))) },
    ]);
    expect(article.questions).toEqual([
      {
        id: 'q1',
        question: 'Do passes work?',
        answer: doc(paragraph('Yes:'), list('bullet', [{ content: ['annual'], nested: { kind: 'bullet', items: [{ content: ['student'] }] } }])),
        // (one top-level item, so the builders' numbering agrees with Lexical's here)
      },
      { id: 'q2', question: 'Fares?', answer: doc(paragraph('No.')) },
    ]);
  });

  it('maps date to publishedAt for published articles, and created to createdAt', () => {
    expect(parseArticleMarkdown(md('title: A\nstatus: published\ndate: 2025-03-14T09:30:00Z'), 'a.md')).toMatchObject({
      createdAt: '2025-03-14T09:30:00Z',
      publishedAt: '2025-03-14T09:30:00Z',
    });
    expect(parseArticleMarkdown(md('title: A\nstatus: published\ndate: 2025-03-14\ncreated: 2025-03-01'), 'a.md')).toMatchObject({
      createdAt: '2025-03-01T00:00:00.000Z',
      publishedAt: '2025-03-14T00:00:00.000Z',
    });
  });

  it('round-trips an exported article', () => {
    const sample = ArticleImportSchema.parse(sampleArticle());
    const article: Article = {
      ...sample,
      id: 'a1',
      slug: 'harbor-city-pipes',
      body: sample.body!,
      section: sample.section!,
      summary: sample.summary!,
      byline: sample.byline!,
      tags: sample.tags!,
      takeaways: sample.takeaways!,
      questions: sample.questions!,
      status: 'published',
      revision: 3,
      createdAt: '2025-01-02T03:04:05.000Z',
      updatedAt: '2025-01-03T03:04:05.000Z',
      publishedAt: '2025-01-02T10:00:00.000Z',
      trashedAt: null,
    };
    const back = parseArticleMarkdown(articleToMarkdown(article), 'a.md');
    const { revision: _r, updatedAt: _u, trashedAt: _t, ...expected } = article;
    expect(withoutListValues(back)).toEqual(withoutListValues(expected));
  });

  describe('errors name the file, the line and the problem', () => {
    it.each([
      ['no front matter', 'Just text\n', 1, /starts with front matter/],
      ['unclosed front matter', '---\ntitle: A\n\nBody\n', 1, /no closing "---"/],
      ['invalid YAML', '---\ntitle: A\nsummary: "unterminated\n---\n', 3, /not valid YAML/],
      ['duplicate key', '---\ntitle: A\ntitle: B\n---\n', 3, /not valid YAML.*unique/],
      ['missing title', '---\nsection: Local\n---\n', 1, /title/],
      ['unknown key', '---\ntitle: A\ntittle: B\n---\n', 3, /unknown front matter key "tittle"/],
      ['tags not a list', '---\ntitle: A\nsection: B\ntags: water\n---\n', 4, /tags must be a list/],
      ['byline not text', '---\ntitle: A\nbyline:\n  - Ann\n  - {x: 1}\n---\n', 5, /An author must be text/],
      ['bad status', '---\ntitle: A\nstatus: live\n---\n', 3, /status must be one of/],
      ['bad date', '---\ntitle: A\ndate: 14 March\n---\n', 3, /not a date/],
      ['bad slug', '---\ntitle: A\nslug: Not A Slug\n---\n', 3, /slug: Use lowercase/],
      ['multi-paragraph takeaway', '---\ntitle: A\ntakeaways:\n  - fine\n  - "- a list"\n---\n', 5, /takeaway is one paragraph/],
      ['code block', md('title: A', 'Text\n\n```js\nx\n```'), 7, /code blocks/],
      ['image', md('title: A', 'Text\n\n![alt](https://example.org/a.png)'), 7, /images/],
      ['table', md('title: A', '| a | b |\n|---|---|\n| 1 | 2 |'), 6, /tables/],
      ['javascript link', md('title: A', 'Fine\n\nClick [here](javascript:alert(1))'), 7, /link "javascript:alert\(1\)" is not allowed/],
      ['text before the first question', md('title: A', 'Body\n\n## Follow Up Questions\n\nStray text\n\n### Q?\n\nA.'), 9, /must start with a "### question"/],
      ['section after follow-ups', md('title: A', 'Body\n\n## Follow Up Questions\n\n### Q?\n\nA.\n\n## More'), 13, /must be the last section/],
    ])('%s', (_name, source, line, problem) => {
      const error = importError(() => parseArticleMarkdown(source, 'notes/story.md'));
      expect(error.file).toBe('notes/story.md');
      expect(error.line).toBe(line);
      expect(error.message).toMatch(problem);
      expect(error.message.startsWith(`notes/story.md:${line}`)).toBe(true);
    });
  });

  it('produces documents the shared schema accepts', () => {
    const article = parseArticleMarkdown(md('title: A', '## H\n\n1. a\n    - b'), 'a.md');
    expect(LexicalStateSchema.safeParse(article.body).success).toBe(true);
  });
});
