import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, type CliIO } from '../../src/cli/index';
import { openWorkspace } from '../../src/core/workspace';
import { publishedArticle } from './site-fixtures';
import { tempDir } from './helpers';

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: { write: (c: string) => (stdout += c) }, stderr: { write: (c: string) => (stderr += c) }, env: {} };
  return { code: await main(argv, io), stdout, stderr };
}

function workspaceWith(n: number): string {
  const dir = tempDir();
  const ws = openWorkspace(dir, { seed: false });
  ws.articles.importMany(Array.from({ length: n }, (_, i) => publishedArticle(i + 1, { section: 'World' })));
  ws.close();
  return dir;
}

describe('copydesk publish static', () => {
  it('publishes to --out and prints a summary; a dry run after it has nothing to do', async () => {
    const ws = workspaceWith(3);
    const out = join(tempDir(), 'site');
    const first = await run(['publish', 'static', '--out', out, '--workspace', ws]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^\d+ written, 0 unchanged, 0 deleted, 0 errors \(3 articles/m);
    expect(existsSync(join(out, 'world/story-1/index.html'))).toBe(true);
    const dry = await run(['publish', 'static', '--out', out, '--dry-run', '--workspace', ws]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^dry run: 0 written, \d+ unchanged, 0 deleted, 0 errors/m);
  });

  it('refuses a folder with foreign files (exit 1) unless --force', async () => {
    const ws = workspaceWith(1);
    const out = join(tempDir(), 'site');
    mkdirSync(out);
    writeFileSync(join(out, 'mine.txt'), 'x');
    const refused = await run(['publish', 'static', '--out', out, '--workspace', ws]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('.copydesk-site');
    const forced = await run(['publish', 'static', '--out', out, '--force', '--workspace', ws]);
    expect(forced.code).toBe(0);
  });

  it('usage errors exit 2', async () => {
    expect((await run(['publish'])).code).toBe(2);
    expect((await run(['publish', 'ftp'])).code).toBe(2);
  });
});
