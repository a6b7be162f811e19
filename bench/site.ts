import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { report } from './machine';
import { doc, paragraph } from '../src/shared/lexical/build';
import { openSiteDb, type SiteStorage } from '../src/site/db/open';
import { FeedStore } from '../src/site/store/feeds';
import { TokenStore } from '../src/site/store/tokens';
import { siteArticle, readerComment } from '../tests/site/harness';
import { spawnSite, type ServerProcess } from '../tests/site/processes';
import { startPostgres } from '../tests/site/postgres';

/**
 * Copydesk Site under load, each figure beside its floor, on SQLite and PostgreSQL (one process,
 * then two behind a round robin of URLs). The servers run in their own processes, autocannon
 * here, all on this machine. Run: npm run bench:site (BENCH_SECONDS=N per load run, default 10;
 * BENCH_ONLY=sqlite skips PostgreSQL while iterating: the results file is written only for a
 * full run).
 *  - article page (~36 KB) at 50 connections vs the same bytes from a bare node:http server;
 *  - live-parts JSON of an article with 200 approved comments;
 *  - publish through the contract (PUT with Idempotency-Key, 10 at a time);
 *  - the comments feed: 100,000 items paged out 1,000 at a time.
 */

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}
type Autocannon = (options: { url: string | string[]; connections: number; duration: number; headers?: Record<string, string> }) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;
const PUBLISHES = 1_000;
const FEED_ITEMS = 100_000;

async function load(url: string | string[]): Promise<Record<string, number>> {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${r.non2xx} non-2xx answers and ${r.errors} errors from ${String(url)}`);
  return { requestsPerSecond: Math.round(r.requests.average), p50ms: r.latency.p50, p99ms: r.latency.p99, requests: r.requests.total };
}

/** The floor: the same bytes from memory through bare node:http, in a process of its own. */
function floorServer(body: string): Promise<{ url: string; child: ChildProcess }> {
  const code = `const b=Buffer.from(process.env.BODY);require('node:http').createServer((q,s)=>{s.writeHead(200,{'content-type':'text/html; charset=utf-8','content-length':b.length});s.end(b)}).listen(0,'127.0.0.1',function(){console.log('http://127.0.0.1:'+this.address().port+'/')})`;
  const child = spawn(process.execPath, ['-e', code], { env: { ...process.env, BODY: body }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) => child.stdout!.once('data', (d: Buffer) => resolve({ url: d.toString().trim(), child })));
}

function longArticle(id: number) {
  const sentence = 'The council met late into the evening to weigh the bridge repairs against the harbour budget, and residents spoke for and against. ';
  const body = doc(...Array.from({ length: 55 }, (_, i) => paragraph(`${i + 1}. ${sentence.repeat(4)}`)));
  return siteArticle(`Bench story ${id}`, { slug: `bench-story-${id}`, body, html: '<p>see the structured fields</p>' });
}

async function seed(storage: SiteStorage): Promise<string> {
  const site = await openSiteDb(storage);
  try {
    const { token } = await new TokenStore(site.db).create(`bench ${randomUUID().slice(0, 8)}`);
    const feeds = new FeedStore(site.db);
    const comments = Array.from({ length: 200 }, (_, i) => ({ ...readerComment(`live${i}`, 'page1', `Comment ${i}: a reader's view on the bridge.`), status: 'approved' as const }));
    await feeds.upsertComments(comments);
    for (let i = 0; i < FEED_ITEMS; i += 5_000) {
      await feeds.upsertComments(Array.from({ length: 5_000 }, (_, j) => readerComment(`f${i + j}`, 'feed1', `Feed comment ${i + j}`)));
    }
    return token;
  } finally {
    await site.close();
  }
}

async function measure(storage: SiteStorage, processes: number): Promise<Record<string, unknown>> {
  const token = await seed(storage);
  const servers: ServerProcess[] = Array.from({ length: processes }, () => spawnSite(storage));
  try {
    const urls = await Promise.all(servers.map((s) => s.url));
    const auth = { authorization: `Bearer ${token}` };
    const put = (url: string, id: string) =>
      fetch(new URL(`api/articles/${id}`, url), { method: 'PUT', headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': randomUUID() }, body: JSON.stringify(longArticle(Number(id.replace(/\D/g, '')))) });
    if ((await put(urls[0]!, 'page1')).status !== 200) throw new Error('could not publish the bench article');

    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 10 }, async (_, worker) => {
        while (next < PUBLISHES) {
          const n = next++;
          const response = await put(urls[(n + worker) % urls.length]!, `pub${n}`);
          if (response.status !== 200) throw new Error(`publish ${n}: HTTP ${response.status}`);
        }
      }),
    );
    const publishSeconds = (performance.now() - started) / 1000;

    const pageUrl = urls.map((u) => new URL('bench-story-1/', u).href);
    const bytes = await (await fetch(pageUrl[0]!)).text();
    const floor = await floorServer(bytes);
    let page: Record<string, number>;
    let floorLoad: Record<string, number>;
    try {
      floorLoad = await load(floor.url);
      page = await load(pageUrl);
    } finally {
      floor.child.kill();
    }
    const live = await load(urls.map((u) => new URL('live/page1.json', u).href));

    const feedStart = performance.now();
    let since: string | null = null;
    let items = 0;
    for (;;) {
      const query: string = since ? `&since=${since}` : '';
      const response = await fetch(new URL(`api/comments?limit=1000${query}`, urls[0]!), { headers: auth });
      const body = (await response.json()) as { items: unknown[]; nextCursor: string; hasMore: boolean };
      items += body.items.length;
      since = body.nextCursor;
      if (!body.hasMore) break;
    }
    const feedSeconds = (performance.now() - feedStart) / 1000;

    return {
      processes,
      articlePage: { bytes: Buffer.byteLength(bytes), ...page, floorRequestsPerSecond: floorLoad.requestsPerSecond, ratioToFloor: round(page.requestsPerSecond! / floorLoad.requestsPerSecond!), floorP99ms: floorLoad.p99ms, target: '≥ 0.3× floor, p99 ≤ 20 ms' },
      liveJson200Comments: { ...live, target: '≥ 5,000 requests/s on SQLite' },
      publish: { articles: PUBLISHES, seconds: round(publishSeconds), articlesPerSecond: Math.round(PUBLISHES / publishSeconds), target: '≥ 200 articles/s' },
      commentsFeed: { items, seconds: round(feedSeconds), target: '100,000 in ≤ 5 s' },
    };
  } finally {
    for (const s of servers) s.child.kill('SIGTERM');
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export async function main(): Promise<void> {
  const loadBefore = loadavg();
  const dir = mkdtempSync(join(tmpdir(), 'copydesk-bench-site-'));
  try {
    const sqlite = await measure({ data: dir }, 1);
    console.log({ sqlite });
    if (process.env.BENCH_ONLY === 'sqlite') return;
    const cluster = await startPostgres();
    try {
      const postgres = await measure({ database: await cluster.createDatabase() }, 1);
      const postgresTwoProcesses = await measure({ database: await cluster.createDatabase() }, 2);
      report('site', { sqlite, postgres, postgresTwoProcesses, connections: CONNECTIONS, secondsPerLoadRun: SECONDS, loadAverage: { before: loadBefore, after: loadavg(), note: '1/5/15-minute load averages on 2 cores' } });
    } finally {
      cluster.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
