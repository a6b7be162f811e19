import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFiles, type FileImportReport } from '../../src/core/io/import';
import { importModerationFiles } from '../../src/core/moderation/cli-import';
import { MAX_LIST_LEVELS } from '../../src/core/markdown/article-markdown';
import { tempDir, tempWorkspace } from './helpers';
import { item, moderationWorkspace } from './moderation-helpers';

// eslint-disable-next-line no-control-regex
const RAW_BINARY = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/;

const problemOf = (report: FileImportReport | undefined): string => (report && !report.ok ? report.error.message : 'imported');

/** A Markdown article whose body is a bullet list nested `levels` deep (four spaces a level). */
function nestedListArticle(levels: number): string {
  const items = Array.from({ length: levels }, (_, i) => `${'    '.repeat(i)}- level ${i + 1}`);
  return `---\ntitle: Nested\n---\n\n${items.join('\n')}\n`;
}

describe('issue 18.7: every import error names its file and stops only that file', () => {
  it('a list nested 2,000 levels is refused before conversion, and the next file still imports', async () => {
    const ws = tempWorkspace();
    const dir = tempDir();
    const deep = join(dir, 'deep.md');
    writeFileSync(deep, nestedListArticle(2000));
    const good = join(dir, 'good.md');
    writeFileSync(good, '---\ntitle: After the deep one\n---\n\nFine.\n');
    const [bad, next] = await importFiles(ws, [deep, good]);
    expect(bad).toMatchObject({ ok: false, error: { file: deep, line: 5 + MAX_LIST_LEVELS } });
    expect(problemOf(bad)).toContain(`${deep}:${5 + MAX_LIST_LEVELS}: lists can nest at most ${MAX_LIST_LEVELS} levels deep`);
    expect(next).toMatchObject({ ok: true });
    expect(ws.articles.count()).toBe(1);
  });

  it(`a list nested exactly ${MAX_LIST_LEVELS} levels, the most allowed, imports and is stored`, async () => {
    const ws = tempWorkspace();
    const file = join(tempDir(), 'deepest.md');
    writeFileSync(file, nestedListArticle(MAX_LIST_LEVELS));
    const [report] = await importFiles(ws, [file]);
    expect(problemOf(report)).toBe('imported');
    const article = ws.articles.get((report as Extract<FileImportReport, { ok: true }>).articles[0]!.id);
    expect(JSON.stringify(article.body)).toContain(`level ${MAX_LIST_LEVELS}`);
  });

  it('billion-laughs front matter is refused by alias count, naming the file', async () => {
    const ws = tempWorkspace();
    const dir = tempDir();
    const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i += 1) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      laughs.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const bomb = join(dir, 'bomb.md');
    writeFileSync(bomb, `---\ntitle: Laughs\nsummary: x\n${laughs.join('\n')}\n---\n\nBody.\n`);
    const good = join(dir, 'good.md');
    writeFileSync(good, '---\ntitle: Fine\n---\n');
    const [bad, next] = await importFiles(ws, [bomb, good]);
    expect(problemOf(bad)).toMatch(new RegExp(`^${bomb.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:1: front matter uses YAML aliases`));
    expect(next).toMatchObject({ ok: true });
  });

  it('a full disk is reported for each file by name, and nothing is half-written', async () => {
    const ws = tempWorkspace();
    const dir = tempDir();
    const files = ['one.md', 'two.md'].map((name, i) => {
      const file = join(dir, name);
      // Enough text that storing it needs new database pages.
      writeFileSync(file, `---\ntitle: Story ${i}\n---\n\n${'A long paragraph of reporting. '.repeat(4000)}\n`);
      return file;
    });
    // SQLite's own limit on the database size: writes past it fail with SQLITE_FULL, exactly as on a full disk.
    const pages = ws.db.pragma('page_count', { simple: true }) as number;
    ws.db.pragma(`max_page_count = ${pages}`);
    const reports = await importFiles(ws, files);
    expect(reports.map(problemOf)).toEqual(
      files.map((file) => `${file}: the disk is full, so nothing from this file was written; free some space and import it again`),
    );
    ws.db.pragma('max_page_count = 1073741823');
    expect(ws.articles.count()).toBe(0);
    expect((await importFiles(ws, files)).every((r) => r.ok)).toBe(true);
  });

  it('comment and vote imports name the file for a full disk too, and go on to the next file', async () => {
    const { ws, articleId } = moderationWorkspace();
    const dir = tempDir();
    const big = join(dir, 'big.json');
    writeFileSync(big, JSON.stringify(Array.from({ length: 300 }, (_, i) => item(i + 1, articleId, { body: 'A reader writes at length. '.repeat(200) }))));
    const pages = ws.db.pragma('page_count', { simple: true }) as number;
    ws.db.pragma(`max_page_count = ${pages}`);
    const missing = join(dir, 'missing.json');
    const reports = await importModerationFiles(ws, 'comments', [big, missing], 'site');
    expect(reports.map((r) => (r.ok ? 'ok' : r.error.message))).toEqual([
      `${big}: the disk is full, so nothing from this file was written; free some space and import it again`,
      `${missing}: file not found`,
    ]);
  });
});

describe('issue 18.8: invalid UTF-8 and binary files', () => {
  it('refuses invalid UTF-8 in Markdown with the file, line and byte offset, storing nothing', async () => {
    const ws = tempWorkspace();
    const file = join(tempDir(), 'latin1.md');
    const head = Buffer.from('---\ntitle: Caf', 'utf8');
    // "Café" saved as Latin-1: 0xE9 followed by a newline is not UTF-8.
    writeFileSync(file, Buffer.concat([head, Buffer.from([0xe9]), Buffer.from('\n---\n\nBody.\n')]));
    const [report] = await importFiles(ws, [file]);
    expect(report).toMatchObject({ ok: false, error: { file, line: 2 } });
    expect(problemOf(report)).toBe(
      `${file}:2: not valid UTF-8 text at byte offset ${head.length}: byte 0xE9 does not start a valid character; save the file as UTF-8 and import it again`,
    );
    expect(ws.articles.count()).toBe(0);
  });

  it('finds the offset of overlong forms, surrogates and a character cut off at the end', async () => {
    const ws = tempWorkspace();
    const dir = tempDir();
    const cases: [number[], number, RegExp][] = [
      [[0x7b, 0xc0, 0xaf, 0x7d], 1, /byte 0xC0/],
      [[0x7b, 0x0a, 0x0a, 0xed, 0xa0, 0x80], 3, /byte 0xED/],
      [[0x7b, 0x22, 0xe2, 0x82], 2, /byte 0xE2/],
      [[0x7b, 0xf4, 0x90, 0x80, 0x80], 1, /byte 0xF4/],
    ];
    for (const [bytes, offset, byte] of cases) {
      const file = join(dir, `case-${offset}-${bytes.length}.json`);
      writeFileSync(file, Buffer.from(bytes));
      const [report] = await importFiles(ws, [file]);
      expect(problemOf(report)).toContain(`at byte offset ${offset}: `);
      expect(problemOf(report)).toMatch(byte);
    }
  });

  it('a binary .json file gets a position and never has its bytes echoed', async () => {
    const ws = tempWorkspace();
    const dir = tempDir();
    const png = join(dir, 'picture.json');
    writeFileSync(png, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
    // Valid UTF-8 but binary all the same: control characters and NULs.
    const controls = join(dir, 'controls.json');
    writeFileSync(controls, Buffer.from('{"headline":\n \u0000\u0001\u0002\u0003 }', 'utf8'));
    const [first, second] = await importFiles(ws, [png, controls]);
    expect(problemOf(first)).toContain(`${png}:1: not valid UTF-8 text at byte offset 0: byte 0x89`);
    expect(second).toMatchObject({ ok: false, error: { line: 2, column: 2 } });
    expect(problemOf(second)).toBe(`${controls}:2:2: not valid JSON: unexpected character U+0000`);
    for (const report of [first, second]) expect(problemOf(report)).not.toMatch(RAW_BINARY);
  });

  it('comment imports refuse invalid UTF-8 and binary NDJSON the same way', async () => {
    const { ws, articleId } = moderationWorkspace();
    const dir = tempDir();
    const latin1 = join(dir, 'comments.ndjson');
    const good = Buffer.from(`${JSON.stringify(item(1, articleId))}\n`);
    writeFileSync(latin1, Buffer.concat([good, Buffer.from('{"body":"na'), Buffer.from([0xef, 0x76]), Buffer.from('"}\n')]));
    const binary = join(dir, 'binary.ndjson');
    writeFileSync(binary, Buffer.from('\u0000\u0001\u0002garbage\n', 'utf8'));
    const reports = await importModerationFiles(ws, 'comments', [latin1, binary], 'site');
    const messages = reports.map((r) => (r.ok ? 'ok' : r.error.message));
    expect(messages[0]).toBe(`${latin1}:2: not valid UTF-8 text at byte offset ${good.length + 11}: byte 0xEF does not start a valid character; save the file as UTF-8 and import it again`);
    expect(messages[1]).toBe('binary.ndjson:1:1: not valid JSON: unexpected character U+0000');
    for (const message of messages) expect(message).not.toMatch(RAW_BINARY);
  });
});
