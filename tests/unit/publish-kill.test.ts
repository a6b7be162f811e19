import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openWorkspace } from '../../src/core/workspace';
import { Publisher } from '../../src/core/publish/publisher';
import { MARKER_FILE } from '../../src/core/publish/output';
import { contents, filesUnder, siteWith } from './site-fixtures';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ARTICLES = 150;

/** Starts a publish in a child process and SIGKILLs it once `killAt` files of the write phase are done. */
function publishAndKill(workspaceDir: string, killAt: number): Promise<{ killed: boolean; seen: number; output: string }> {
  const child = spawn(process.execPath, ['scripts/run-ts.js', 'tests/fixtures/publish-process.ts', workspaceDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let seen = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    for (const match of output.matchAll(/^progress (\w+) (\d+) (\d+)$/gm)) {
      if (match[1] !== 'done') seen = Math.max(seen, Number(match[2]));
    }
    if (seen >= killAt && child.exitCode === null && !child.killed) child.kill('SIGKILL');
  });
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.on('exit', (_code, signal) => resolve({ killed: signal === 'SIGKILL', seen, output })));
}

describe('a publish killed half-way (SIGKILL) leaves the previous site valid', () => {
  it('every page is complete (old or new), the marker stays, and the next publish converges', async () => {
    const site = siteWith(ARTICLES);
    const first = await site.publisher.publishSite();
    expect(first.errors).toEqual([]);
    const before = contents(site.out);
    const total = first.written.length;

    // Every article changes, so the next publish rewrites every page.
    for (const article of site.ws.articles.list({})) {
      const full = site.ws.articles.get(article.id);
      site.ws.articles.save({ ...full, headline: `${full.headline} (updated)` });
    }
    const dir = site.ws.dir;
    site.ws.close();

    const run = await publishAndKill(dir, Math.floor(total / 3));
    expect(run.killed, run.output).toBe(true);
    expect(run.seen).toBeLessThan(total);

    const after = contents(site.out);
    expect(after.has(MARKER_FILE)).toBe(true);
    for (const [path, old] of before) {
      const now = after.get(path);
      // No page of the old site is missing or cut short: each is the old file or a complete new one.
      expect(now, path).toBeDefined();
      if (path.endsWith('.html')) expect(now!.trimEnd().endsWith('</html>'), path).toBe(true);
      if (now !== old && /story-\d+\/index\.html$/.test(path)) expect(now, path).toContain('(updated)');
    }
    // The kill landed mid-way: some pages are new, some still old.
    const pages = [...before.keys()].filter((p) => /story-\d+\/index\.html$/.test(p));
    const updated = pages.filter((p) => after.get(p)!.includes('(updated)'));
    expect(updated.length).toBeGreaterThan(0);
    expect(updated.length).toBeLessThan(pages.length);

    // Reopen (as the app would after a crash) and publish again: the site converges and no temp file stays.
    const reopened = openWorkspace(dir, { seed: false });
    try {
      const publisher = new Publisher(reopened);
      const again = await publisher.publishSite();
      expect(again.errors).toEqual([]);
      expect(filesUnder(site.out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      for (const page of pages) expect(contents(site.out).get(page), page).toContain('(updated)');
      expect((await publisher.publishSite({ dryRun: true })).written).toEqual([]);
    } finally {
      reopened.close();
    }
  }, 120_000);
});
