import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
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
 * Copydesk Site under load, each figure beside a floor measured in the same run, on SQLite and
 * PostgreSQL (one process, then two behind a round robin of URLs). The servers and every floor
 * run in processes of their own, autocannon here, all on this machine. `npm run bench:site` runs
 * the whole thing unattended (about four minutes on a quiet machine) and writes
 * bench/results/site.json; BENCH_SECONDS=N per load run (default 4), BENCH_ONLY=sqlite skips
 * PostgreSQL while iterating (the results file is written only for a full run).
 *
 * Floors: a bare node:http server in its own process answering from memory with the very bytes
 * the server sent (article page, live JSON, a feed page), or for publishing one that reads and
 * parses each PUT body and answers the same small JSON. Floor and real runs alternate (floor,
 * real, floor, real) so a change in the machine's load hits both; every run records the
 * 1-minute load average. Pages and live JSON are requested as a browser does (Accept-Encoding:
 * gzip...), so both sides send the gzip copy; one more pair without it is kept for reference.
 *  - article page (~36 KB) at 50 connections: ≥ 0.3× floor, p99 ≤ 20 ms;
 *  - live-parts JSON of an article with 200 approved comments: ≥ 5,000 requests/s on SQLite;
 *  - publish through the contract (PUT with Idempotency-Key, 10 at a time): ≥ 200 articles/s;
 *  - the comments feed: 100,000 items paged out 1,000 at a time: ≤ 5 s.
 */

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}
type Autocannon = (options: { url: string | string[]; connections: number; duration: number; headers?: Record<string, string> }) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const ROUNDS = 2;
const CONNECTIONS = 50;
const PUBLISHES = 1_000;
const PUBLISHERS = 10;
const FEED_ITEMS = 100_000;
const FEED_PAGE = 1_000;

const round = (x: number) => Math.round(x * 1000) / 1000;
const load1 = () => round(loadavg()[0]!);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

interface Run {
  requestsPerSecond: number;
  p50ms: number;
  p99ms: number;
  requests: number;
  load1: number;
}

async function load(url: string | string[], headers: Record<string, string> = {}): Promise<Run> {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${r.non2xx} non-2xx answers and ${r.errors} errors from ${String(url)}`);
  return { requestsPerSecond: Math.round(r.requests.average), p50ms: r.latency.p50, p99ms: r.latency.p99, requests: r.requests.total, load1: load1() };
}

/** The floor: bare node:http in a process of its own, answering every request with `body`, or (publish) reading and parsing the request's JSON first. */
function floorServer(body: string | Buffer, type: string, parseRequest = false, extraHeaders: Record<string, string> = {}): Promise<{ url: string; child: ChildProcess }> {
  // The body arrives on stdin (a feed page is larger than an environment variable may be).
  const code = `let c=[];process.stdin.on('data',d=>c.push(d));process.stdin.on('end',()=>{const b=Buffer.concat(c);const h={...JSON.parse(process.env.EXTRA),'content-type':process.env.TYPE,'content-length':b.length};
require('node:http').createServer((q,s)=>{if(!${parseRequest}){s.writeHead(200,h);s.end(b);return}let t='';q.setEncoding('utf8');q.on('data',d=>t+=d);q.on('end',()=>{JSON.parse(t);s.writeHead(200,h);s.end(b)})}).listen(0,'127.0.0.1',function(){console.log('http://127.0.0.1:'+this.address().port+'/')})})`;
  const child = spawn(process.execPath, ['-e', code], { env: { ...process.env, TYPE: type, EXTRA: JSON.stringify(extraHeaders) }, stdio: ['pipe', 'pipe', 'inherit'] });
  child.stdin!.end(body);
  return new Promise((resolve) => child.stdout!.once('data', (d: Buffer) => resolve({ url: d.toString().trim(), child })));
}

/** The exact bytes and content-encoding the server answers `headers` with (what the floor must serve too). */
function rawGet(url: string, headers: Record<string, string>): Promise<{ body: Buffer; encoding: string | undefined }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => (res.statusCode === 200 ? resolve({ body: Buffer.concat(chunks), encoding: res.headers['content-encoding'] }) : reject(new Error(`GET ${url}: HTTP ${res.statusCode}`))));
    }).on('error', reject);
  });
}

/**
 * Alternates floor and real load runs (floor first), `rounds` of each, with the request headers
 * given (a browser's Accept-Encoding, or none); the floor serves the very bytes the server sent.
 */
async function alternate(real: string[], type: string, headers: Record<string, string>, rounds: number): Promise<Record<string, unknown>> {
  const sample = await rawGet(real[0]!, headers);
  const floor = await floorServer(sample.body, type, false, sample.encoding ? { 'content-encoding': sample.encoding } : {});
  const floors: Run[] = [];
  const reals: Run[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      floors.push(await load(floor.url, headers));
      reals.push(await load(real, headers));
    }
  } finally {
    floor.child.kill();
  }
  const rps = Math.round(mean(reals.map((r) => r.requestsPerSecond)));
  const floorRps = Math.round(mean(floors.map((r) => r.requestsPerSecond)));
  return {
    requestHeaders: headers,
    bytesSent: sample.body.length,
    contentEncoding: sample.encoding ?? 'identity',
    requestsPerSecond: rps,
    p50ms: Math.max(...reals.map((r) => r.p50ms)),
    p99ms: Math.max(...reals.map((r) => r.p99ms)),
    floorRequestsPerSecond: floorRps,
    floorP99ms: Math.max(...floors.map((r) => r.p99ms)),
    ratioToFloor: round(rps / floorRps),
    runs: reals.map((r, i) => ({ floor: floors[i], real: r })),
  };
}

/** A browser's request headers for a page, and a client that asks for no compression. */
const BROWSER = { 'accept-encoding': 'gzip, deflate, br, zstd' };
const IDENTITY = {};

/** One article body for every publish (the client's own cost stays small): only slug and headline change. */
function publishBodies(): (n: number) => string {
  // Numbers under 1,000 are the fixed articles (page1: the live JSON one; story1: the page one).
  const sentence = 'The council met late into the evening to weigh the bridge repairs against the harbour budget, and residents spoke for and against. ';
  const body = doc(...Array.from({ length: 55 }, (_, i) => paragraph(`${i + 1}. ${sentence.repeat(4)}`)));
  const template = JSON.stringify(siteArticle('Bench story NUMBER', { slug: 'bench-story-NUMBER', body, html: '<p>see the structured fields</p>' }));
  return (n) => template.replaceAll('NUMBER', String(n));
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

/** PUTs `count` new articles (numbered from `from`) through PUBLISHERS concurrent clients, spread over `urls`; seconds taken. */
async function publishAll(urls: string[], from: number, count: number, headers: Record<string, string>, body: (n: number) => string): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: PUBLISHERS }, async (_, worker) => {
      while (next < count) {
        const n = from + next++;
        const url = new URL(`api/articles/pub${n}`, urls[(n + worker) % urls.length]!);
        const response = await fetch(url, { method: 'PUT', headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': randomUUID() }, body: body(n) });
        if (response.status !== 200) throw new Error(`publish ${n}: HTTP ${response.status} ${await response.text()}`);
        await response.arrayBuffer();
      }
    }),
  );
  return (performance.now() - started) / 1000;
}

/** Pages the whole comments feed; returns the items and seconds. */
async function pageFeed(url: string, headers: Record<string, string>): Promise<{ items: number; seconds: number; firstPage: string }> {
  const started = performance.now();
  let since: string | null = null;
  let items = 0;
  let firstPage = '';
  for (;;) {
    const query: string = since ? `&since=${since}` : '';
    const response = await fetch(new URL(`api/comments?limit=${FEED_PAGE}${query}`, url), { headers });
    const text = await response.text();
    firstPage ||= text;
    const body = JSON.parse(text) as { items: unknown[]; nextCursor: string; hasMore: boolean };
    items += body.items.length;
    since = body.nextCursor;
    if (!body.hasMore) break;
  }
  return { items, seconds: (performance.now() - started) / 1000, firstPage };
}

/** The floor of a paged feed: the same number of requests for a page of the same bytes, one after another. */
async function feedFloor(firstPage: string, pages: number): Promise<number> {
  const floor = await floorServer(firstPage, 'application/json; charset=utf-8');
  try {
    const started = performance.now();
    for (let i = 0; i < pages; i++) JSON.parse(await (await fetch(floor.url)).text());
    return (performance.now() - started) / 1000;
  } finally {
    floor.child.kill();
  }
}

async function measure(storage: SiteStorage, processes: number): Promise<Record<string, unknown>> {
  const token = await seed(storage);
  const servers: ServerProcess[] = Array.from({ length: processes }, () => spawnSite(storage));
  try {
    const urls = await Promise.all(servers.map((s) => s.url));
    const auth = { authorization: `Bearer ${token}` };
    const body = publishBodies();
    // story1: the article page (no comments, ~36 KB); page1: the article with 200 approved comments.
    for (const [id, n] of [['story1', 1], ['page1', 2]] as const) {
      const first = await fetch(new URL(`api/articles/${id}`, urls[0]), { method: 'PUT', headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': randomUUID() }, body: body(n) });
      if (first.status !== 200) throw new Error('could not publish the bench articles');
    }

    // Publish: the real run, then the floor (a bare server that parses each body), then again.
    const publishRuns: { seconds: number; floorSeconds: number; load1: number }[] = [];
    const publishFloor = await floorServer('{"id":"pub","version":"1"}', 'application/json; charset=utf-8', true);
    try {
      for (let i = 0; i < ROUNDS; i++) {
        const from = 1_000 + (i * PUBLISHES) / ROUNDS;
        const floorSeconds = await publishAll([publishFloor.url], from, PUBLISHES / ROUNDS, auth, body);
        const seconds = await publishAll(urls, from, PUBLISHES / ROUNDS, auth, body);
        publishRuns.push({ seconds: round(seconds), floorSeconds: round(floorSeconds), load1: load1() });
      }
    } finally {
      publishFloor.child.kill();
    }
    const publishSeconds = publishRuns.reduce((a, r) => a + r.seconds, 0);
    const publishFloorSeconds = publishRuns.reduce((a, r) => a + r.floorSeconds, 0);

    const pageUrls = urls.map((u) => new URL('bench-story-1/', u).href);
    const pageBytes = (await rawGet(pageUrls[0]!, IDENTITY)).body.length;
    const page = await alternate(pageUrls, 'text/html; charset=utf-8', BROWSER, ROUNDS);
    const pageIdentity = await alternate(pageUrls, 'text/html; charset=utf-8', IDENTITY, 1);

    const liveUrls = urls.map((u) => new URL('live/page1.json', u).href);
    const liveBytes = (await rawGet(liveUrls[0]!, IDENTITY)).body.length;
    const live = await alternate(liveUrls, 'application/json; charset=utf-8', BROWSER, ROUNDS);
    const liveIdentity = await alternate(liveUrls, 'application/json; charset=utf-8', IDENTITY, 1);

    const feed = await pageFeed(urls[0]!, auth);
    const feedFloorSeconds = await feedFloor(feed.firstPage, Math.ceil(feed.items / FEED_PAGE) + 1);

    const articlesPerSecond = Math.round(PUBLISHES / publishSeconds);
    return {
      processes,
      articlePage: { bytes: pageBytes, ...page, target: '≥ 0.3× floor, p99 ≤ 20 ms', met: (page.ratioToFloor as number) >= 0.3 && (page.p99ms as number) <= 20, uncompressed: pageIdentity },
      liveJson200Comments: { bytes: liveBytes, ...live, target: '≥ 5,000 requests/s on SQLite', met: (live.requestsPerSecond as number) >= 5_000, uncompressed: liveIdentity },
      publish: {
        articles: PUBLISHES,
        concurrency: PUBLISHERS,
        seconds: round(publishSeconds),
        articlesPerSecond,
        floorArticlesPerSecond: Math.round(PUBLISHES / publishFloorSeconds),
        ratioToFloor: round(publishFloorSeconds / publishSeconds),
        runs: publishRuns,
        target: '≥ 200 articles/s',
        met: articlesPerSecond >= 200,
      },
      commentsFeed: { items: feed.items, seconds: round(feed.seconds), floorSeconds: round(feedFloorSeconds), load1: load1(), target: '100,000 in ≤ 5 s', met: feed.items >= FEED_ITEMS && feed.seconds <= 5 },
    };
  } finally {
    for (const s of servers) s.child.kill('SIGTERM');
  }
}

export async function main(): Promise<void> {
  const loadBefore = loadavg();
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'copydesk-bench-site-'));
  try {
    const sqlite = await measure({ data: dir }, 1);
    console.log(JSON.stringify({ sqlite }, null, 2));
    if (process.env.BENCH_ONLY === 'sqlite') return;
    const cluster = await startPostgres();
    try {
      const postgres = await measure({ database: await cluster.createDatabase() }, 1);
      const postgresTwoProcesses = await measure({ database: await cluster.createDatabase() }, 2);
      report('site', {
        sqlite,
        postgres,
        postgresTwoProcesses,
        connections: CONNECTIONS,
        secondsPerLoadRun: SECONDS,
        roundsPerFigure: ROUNDS,
        totalSeconds: round((performance.now() - started) / 1000),
        loadAverage: { before: loadBefore, after: loadavg(), note: '1/5/15-minute load averages on 2 cores; load1 on each run is the 1-minute one as it ended' },
      });
    } finally {
      cluster.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
