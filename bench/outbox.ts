import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { report } from './machine';
import { openWorkspace } from '../src/core/workspace';
import { enqueue } from '../src/core/outbox/repository';
import { OutboxWorker } from '../src/core/outbox/worker';
import { EnvFileSecretStore } from '../src/core/remote/secrets';
import { SiteApiServer, type Fault } from '../tests/fixtures/site-api-server';
import { SYNC_PAGE_SIZE } from '../src/core/sync/sync';
import { ghostBench } from './outbox-ghost';

/**
 * Outbox throughput against the loopback site-API fixture (which validates every request with
 * Ajv): 10,000 queued publishes drained with no faults and with 10% injected faults (500/503,
 * reset, response dropped after commit), then a pull of 100,000 comments through sync into the
 * moderation ingest. Run: npm run bench:outbox
 */
const ACTIONS = 10_000;
const COMMENTS = 100_000;

async function drain(faultRate: number): Promise<Record<string, number>> {
  const faults: Fault[] = ['500', '503', 'reset', 'drop_after_commit'];
  let n = 0;
  const server = await new SiteApiServer({ faults: () => (Math.random() < faultRate ? faults[n++ % faults.length]! : 'none') }).start();
  const dir = mkdtempSync(join(tmpdir(), 'copydesk-bench-'));
  const ws = openWorkspace(dir, { seed: false, remote: { secrets: new EnvFileSecretStore({ COPYDESK_TARGET_SITE_TOKEN: server.token }, null) } });
  try {
    const target = ws.remote.saveTarget({ name: 'site', kind: 'site', baseUrl: server.url, autoPublish: false });
    const article = ws.articles.create({ headline: 'Bench' });
    ws.db.transaction(() => {
      for (let i = 0; i < ACTIONS; i++) {
        enqueue(ws.db, { targetId: target.id, kind: 'moderation', subject: `comment:c${i}`, payload: { decisions: [{ action: 'approve', commentId: `c${i}`, reason: '' }] } });
      }
    })();
    void article;
    const worker = new OutboxWorker(ws.db, ws.remote.runtime(ws.remote.targets.row(target.id)), { baseDelayMs: 1, maxDelayMs: 10, maxAttempts: 100 });
    const start = performance.now();
    const result = await worker.drain(Date.now() + 600_000);
    const seconds = (performance.now() - start) / 1000;
    if (server.applied.length !== ACTIONS || server.violations.length > 0) throw new Error(`applied ${server.applied.length}, violations ${server.violations.length}`);
    return { actions: ACTIONS, seconds: round(seconds), actionsPerSecond: Math.round(ACTIONS / seconds), requests: server.requests, delivered: result.delivered };
  } finally {
    ws.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function pull(): Promise<Record<string, number | string>> {
  const server = await new SiteApiServer().start();
  const dir = mkdtempSync(join(tmpdir(), 'copydesk-bench-'));
  const ws = openWorkspace(dir, { seed: false, remote: { secrets: new EnvFileSecretStore({ COPYDESK_TARGET_SITE_TOKEN: server.token }, null) } });
  try {
    const target = ws.remote.saveTarget({ name: 'site', kind: 'site', baseUrl: server.url, autoPublish: false });
    const article = ws.articles.create({ headline: 'Commented' });
    const at = '2026-01-12T10:00:00Z';
    server.addComments(
      Array.from({ length: COMMENTS }, (_, i) => ({ id: `c${i}`, articleId: article.id, parentId: null, authorId: `a${i % 5000}`, authorName: `Reader ${i % 5000}`, body: `Comment number ${i} with some words in it.`, status: 'pending', createdAt: at, updatedAt: at })),
    );
    const start = performance.now();
    const [result] = await ws.remote.sync(target.id);
    const seconds = (performance.now() - start) / 1000;
    const stored = (ws.db.prepare('SELECT COUNT(*) AS n FROM comments').get() as { n: number }).n;
    return { comments: result!.comments, stored, seconds: round(seconds), commentsPerSecond: Math.round(COMMENTS / seconds), path: `HTTP pages of ${SYNC_PAGE_SIZE} → zod parse → moderation ingestComments (rules, SQLite) → cursor` };
  } finally {
    ws.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * BENCH_ONLY=drain or BENCH_ONLY=pull runs one part while iterating (the results file is written
 * only for a full run). BENCH_ONLY=ghost runs the Ghost part (issue 16) and writes
 * bench/results/outbox-ghost.json.
 */
const ONLY = process.env.BENCH_ONLY;

export async function main(): Promise<void> {
  if (ONLY === 'ghost') {
    report('outbox-ghost', await ghostBench());
    return;
  }
  if (ONLY === 'pull') {
    console.log({ pull100k: await pull() });
    return;
  }
  const loadBefore = loadavg();
  const noFaults = await drain(0);
  const tenPercentFaults = await drain(0.1);
  if (ONLY === 'drain') {
    console.log({ noFaults, tenPercentFaults });
    return;
  }
  const pull100k = await pull();
  report('outbox', { drain: { noFaults, tenPercentFaults }, pull100k, targetPullSeconds: 10, loadAverage: { before: loadBefore, after: loadavg(), note: '1/5/15-minute load averages on 2 cores' } });
  report('outbox-ghost', await ghostBench());
}
