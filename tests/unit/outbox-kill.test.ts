import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers';
import { fields } from './remote-helpers';
import { useSiteBackends } from '../site/backends';
import { openWorkspace } from '../../src/core/workspace';
import { OutboxRepository } from '../../src/core/outbox/repository';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const COUNT = 8;
// Against the fault-injecting fixture and the real site server on both engines.
const BACKENDS = useSiteBackends();

function runWorker(dir: string, token: string): { child: ChildProcess; exited: Promise<number | null>; output: () => string } {
  const child = spawn(process.execPath, ['scripts/run-ts.js', 'tests/fixtures/outbox-worker-process.ts', dir], {
    cwd: ROOT,
    env: { ...process.env, COPYDESK_TARGET_SITE_TOKEN: token },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return { child, exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))), output: () => out };
}

async function until(check: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(BACKENDS)('outbox survives kill -9 of the worker process ($name)', (backend) => {
  it('a write the server committed while the process was killed is retried with the same key: every effect applied once, in order', async () => {
    // The 4th PUT is committed but never answered: the worker process is killed while it waits.
    let puts = 0;
    const server = await backend.start({ faults: ({ method }) => (method === 'PUT' && ++puts === 4 ? 'commit_then_hang' : 'none') });
    const dir = tempDir();
    const setup = openWorkspace(dir, { seed: false });
    const target = setup.remote.saveTarget({ name: 'site', kind: 'site', baseUrl: server.url });
    for (let i = 0; i < COUNT; i++) {
      const a = setup.articles.create({ headline: `Story ${i}` });
      setup.articles.save({ ...fields(a), status: 'published' });
    }
    setup.close();
    try {
      const first = runWorker(dir, server.token);
      await until(() => server.applied.length === 4, 30_000);
      first.child.kill('SIGKILL');
      expect(await first.exited).toBeNull();

      const check = openWorkspace(dir, { seed: false });
      const rows = new OutboxRepository(check.db).list().reverse();
      expect(rows.map((r) => r.state)).toEqual(['done', 'done', 'done', 'in_flight', 'queued', 'queued', 'queued', 'queued']);
      check.close();

      const second = runWorker(dir, server.token);
      expect(await second.exited, second.output()).toBe(0);

      const after = openWorkspace(dir, { seed: false });
      const final = new OutboxRepository(after.db).list().reverse();
      after.close();
      expect(final.every((r) => r.state === 'done')).toBe(true);
      expect(server.applied.map((w) => w.key)).toEqual(final.map((r) => r.idempotencyKey));
      expect(server.applied.map((w) => w.headline)).toEqual(Array.from({ length: COUNT }, (_, i) => `Story ${i}`));
      expect(server.violations).toEqual([]);
      expect(target.name).toBe('site');
    } finally {
      await server.stop();
    }
  }, 90_000);
});
