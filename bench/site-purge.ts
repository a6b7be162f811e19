import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { report } from './machine';
import { openSiteDb, type SiteStorage } from '../src/site/db/open';
import { TokenStore } from '../src/site/store/tokens';
import { siteArticle } from '../tests/site/harness';
import { spawnSite, type ServerProcess } from '../tests/site/processes';
import { startPostgres } from '../tests/site/postgres';
import { startPurgeReceiver } from '../tests/site/purge-receiver';

/**
 * What purging costs a publish (issue 13.4). Two site processes on the same engine, each on its
 * own database: one with --purge-url (each write also reads, in its transaction, where the
 * article stood in every listing before and after, and posts the changed URLs to a receiver
 * here, one call at a time with what changed meanwhile merged in), the floor without. Rounds alternate between the two so both see the same machine load
 * and the same database growth. Run: node scripts/run-ts.js bench/site-purge.ts
 * (BENCH_ROUNDS, BENCH_PUBLISHES per round; BENCH_ONLY=sqlite skips PostgreSQL).
 */

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PUBLISHES = Number(process.env.BENCH_PUBLISHES ?? 300);
const CONCURRENCY = 10;
const SECTIONS = ['World', 'Local News', 'Business', 'Sport', 'Culture'];

async function tokenFor(storage: SiteStorage): Promise<string> {
  const site = await openSiteDb(storage);
  try {
    return (await new TokenStore(site.db).create(`bench ${randomUUID().slice(0, 8)}`)).token;
  } finally {
    await site.close();
  }
}

/** Publishes `count` new articles (ids from `from`), 10 at a time; articles per second. */
async function publish(url: string, token: string, from: number, count: number): Promise<number> {
  let next = from;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < from + count) {
        const n = next++;
        const article = siteArticle(`Bench story ${n}`, {
          slug: `bench-story-${n}`,
          section: SECTIONS[n % SECTIONS.length]!,
          tags: [`tag-${n % 7}`, 'bench'],
          publishedAt: new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString(),
          updatedAt: new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString(),
        });
        const response = await fetch(new URL(`api/articles/b${n}`, url), {
          method: 'PUT',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
          body: JSON.stringify(article),
        });
        if (response.status !== 200) throw new Error(`publish ${n}: HTTP ${response.status}`);
        await response.arrayBuffer();
      }
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

async function measure(floorStorage: SiteStorage, purgeStorage: SiteStorage): Promise<Record<string, unknown>> {
  const receiver = await startPurgeReceiver();
  const [floorToken, purgeToken] = [await tokenFor(floorStorage), await tokenFor(purgeStorage)];
  const servers: ServerProcess[] = [spawnSite(floorStorage), spawnSite(purgeStorage, ['--purge-url', receiver.url])];
  try {
    const [floorUrl, purgeUrl] = await Promise.all(servers.map((s) => s.url));
    const floor: number[] = [];
    const withPurge: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      floor.push(await publish(floorUrl!, floorToken, round * PUBLISHES, PUBLISHES));
      withPurge.push(await publish(purgeUrl!, purgeToken, round * PUBLISHES, PUBLISHES));
    }
    // Purges are posted after each answer (merged while a call is on its way): wait until every
    // published article's page was named, or 30 s.
    const purgedPages = () => new Set(receiver.received.flatMap((r) => r.urls.filter((u) => /bench-story-\d+\/$/.test(u))));
    for (let waited = 0; purgedPages().size < ROUNDS * PUBLISHES && waited < 30_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
    const purged = purgedPages();
    const warnings = servers[1]!.output().split('\n').filter((line) => line.includes('purge webhook'));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    return {
      publishesPerRound: PUBLISHES,
      floorArticlesPerSecond: floor.map(Math.round),
      withPurgeArticlesPerSecond: withPurge.map(Math.round),
      ratioToFloor: Math.round((mean(withPurge) / mean(floor)) * 1000) / 1000,
      webhookCalls: receiver.received.length,
      articlePagesPurged: purged.size,
      webhookFailuresLogged: warnings.length,
      webhookFailureKinds: [...new Set(warnings.map((line) => (JSON.parse(line) as { msg: string }).msg))],
    };
  } finally {
    for (const s of servers) s.child.kill('SIGTERM');
    await Promise.all(servers.map((s) => s.exited));
    await receiver.stop();
  }
}

export async function main(): Promise<void> {
  const loadBefore = loadavg();
  const dirs = [mkdtempSync(join(tmpdir(), 'copydesk-bench-purge-')), mkdtempSync(join(tmpdir(), 'copydesk-bench-purge-'))];
  try {
    const sqlite = await measure({ data: dirs[0]! }, { data: dirs[1]! });
    console.log({ sqlite });
    let postgres: Record<string, unknown> | null = null;
    if (process.env.BENCH_ONLY !== 'sqlite') {
      const cluster = await startPostgres();
      try {
        postgres = await measure({ database: await cluster.createDatabase() }, { database: await cluster.createDatabase() });
        console.log({ postgres });
      } finally {
        cluster.stop();
      }
    }
    report('site-purge', {
      what: 'publish through the contract with --purge-url (plan read in the write transaction, webhook after the answer) vs without, alternating rounds',
      target: 'no target in the issue; the cost of purging, as a ratio to publishing without it',
      sqlite,
      postgres,
      concurrency: CONCURRENCY,
      loadAverage: { before: loadBefore, after: loadavg(), note: '1/5/15-minute load averages on 2 cores' },
    });
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}
