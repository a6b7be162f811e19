// Issue 14.3: processes keep no rule state of their own. A set pushed through one server process
// applies in another process on the same PostgreSQL from its very next screening.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { ModerationRuleSet } from '../../src/shared/remote/site-api';
import { openSiteDb, type SiteStorage } from '../../src/site/db/open';
import type { Screening } from '../../src/site/readers/screen';
import { TokenStore } from '../../src/site/store/tokens';
import { useEngines } from '../site/engines';
import { spawnSite, storageArgs, type ServerProcess } from '../site/processes';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const postgres = useEngines().find((e) => e.name === 'postgres')!;
const children: ChildProcess[] = [];
afterEach(() => {
  while (children.length) children.pop()!.kill('SIGKILL');
});

/** tests/site/screen-process.ts: screens each comment written to it, one JSON line each way. */
async function screener(storage: SiteStorage): Promise<(body: string) => Promise<Screening>> {
  const child = spawn(process.execPath, ['scripts/run-ts.js', 'tests/site/screen-process.ts', ...storageArgs(storage)], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(child);
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async () => {
    const { value, done } = await lines.next();
    if (done) throw new Error('the screening process ended');
    return value as string;
  };
  expect(await next()).toBe('ready');
  return async (body) => {
    child.stdin!.write(`${JSON.stringify({ readerId: 'r1', articleId: 'a1', parentId: null, body, now: Date.now() })}\n`);
    return JSON.parse(await next()) as Screening;
  };
}

describe('rule sets across processes on one PostgreSQL', () => {
  it('a set pushed through one process applies in another from its next screening, and so does the next set', async () => {
    const storage = await postgres.storage();
    const setup = await openSiteDb(storage);
    const { token } = await new TokenStore(setup.db).create('rules across processes');
    await setup.close();
    const server: ServerProcess = spawnSite(storage);
    children.push(server.child);
    const url = await server.url;
    const push = async (set: ModerationRuleSet) => {
      const response = await fetch(new URL('api/moderation/rules', url), {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: JSON.stringify(set),
      });
      expect(response.status).toBe(200);
    };
    const screen = await screener(storage);

    // The other process has screened (and cached) before any push.
    expect((await screen('buy spamword pills')).verdict).toBe('publish');
    await push({ rules: [{ id: 1, kind: 'banned_phrase', pattern: 'spamword', action: 'reject', threshold: null }] });
    expect(await screen('buy spamword pills')).toMatchObject({ verdict: 'reject', reasons: ['banned word "spamword"'] });
    expect((await screen('buy pills')).verdict).toBe('publish');

    await push({ rules: [{ id: 2, kind: 'suspect_phrase', pattern: 'pill*', action: 'hold', threshold: null }] });
    expect(await screen('buy pills')).toMatchObject({ verdict: 'hold', reasons: ['suspect word "pills"'] });
    expect((await screen('spamword')).verdict).toBe('publish');
  }, 120_000);
});
