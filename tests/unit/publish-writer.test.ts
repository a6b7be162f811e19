import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SyncSiteWriter } from '../../src/core/publish/sync-writer';
import { tempDir } from './helpers';

const bytes = (text: string) => Buffer.from(text);
const filesUnder = (dir: string): string[] => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();

describe('SyncSiteWriter', () => {
  it('into a fresh folder, makes each folder before its first file, also when another writer (worker) made it first', () => {
    const out = tempDir('copydesk-writer-');
    const one = new SyncSiteWriter(out, true);
    const two = new SyncSiteWriter(out, true);
    one.write('world/a-story/index.html', bytes('a'));
    two.write('world/b-story/index.html', bytes('b'));
    two.write('world/a-story/extra.txt', bytes('c'));
    one.write('index.html', bytes('home'));
    expect(filesUnder(out)).toEqual(['index.html', 'world/a-story/extra.txt', 'world/a-story/index.html', 'world/b-story/index.html']);
    expect(readFileSync(join(out, 'world/b-story/index.html'), 'utf8')).toBe('b');
  });

  it('into an existing folder, makes a missing folder when the first write finds it missing, and replaces files', () => {
    const out = tempDir('copydesk-writer-');
    const writer = new SyncSiteWriter(out);
    writer.write('tag/water/page/2/index.html', bytes('old'));
    writer.write('tag/water/page/2/index.html', bytes('new'));
    expect(filesUnder(out)).toEqual(['tag/water/page/2/index.html']);
    expect(writer.size('tag/water/page/2/index.html')).toBe(3);
    expect(writer.size('tag/water/page/3/index.html')).toBeNull();
  });

  it('refuses paths that leave the output folder, whichever way they are spelled', () => {
    const out = join(tempDir('copydesk-writer-'), 'site');
    for (const fresh of [true, false]) {
      const writer = new SyncSiteWriter(out, fresh);
      for (const file of ['../escape.html', 'a/../../escape.html', '/tmp/escape.html', 'a//../../escape.html', '', '.', 'a/./../..']) {
        expect(() => writer.write(file, bytes('x')), file).toThrow();
      }
      // Dot segments that stay inside are resolved, not refused.
      writer.write('a/./b/../c.html', bytes('inside'));
      expect(readFileSync(join(out, 'a/c.html'), 'utf8')).toBe('inside');
    }
  });
});
