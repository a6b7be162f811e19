import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { report, summarise } from './machine';
import { openSiteDb, type SiteStorage } from '../src/site/db/open';
import { FeedStore } from '../src/site/store/feeds';
import { replaceRuleSet } from '../src/site/store/moderation-rules';
import type { ModerationRuleSet } from '../src/shared/remote/site-api';
import { FORM_TOKEN_HEADER } from '../src/site/readers/csrf';
import { readerComment, siteArticle } from '../tests/site/harness';
import { spawnSite, type ServerProcess } from '../tests/site/processes';
import { startPostgres } from '../tests/site/postgres';
import { signedInReaders, type TestReader } from '../tests/site/readers';

/**
 * Readers' votes and the article page's live parts under load (issue 14), each figure beside a
 * floor measured in the same run, alternating floor and measurement: a bare node:http process
 * that answers every request with a small JSON body at once. Votes come from 5,000 signed-in
 * readers picked at random per request (each a yes or no, so most are changes), with autocannon
 * at 50 connections: on one hot article, then spread over 10,000 articles. SQLite with one
 * server process, PostgreSQL with two. Run: npm run bench:site-readers (BENCH_SECONDS=N per load
 * run, default 10; BENCH_ONLY=sqlite skips PostgreSQL and writes no results file).
 * Comments: new top-level comments on one article (not a0, whose live parts keep their 500) through POST /live/<id>/comments with
 * the site's screening (screenComment, the desktop's rules) and its default moderation mode,
 * each reader in turn (the per-reader limit is 5 a minute), against the same floor.
 */

interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (request: AutocannonRequest) => AutocannonRequest;
}
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  '2xx': number;
  duration: number;
}
type Autocannon = (options: { url: string | string[]; connections: number; duration: number; requests?: AutocannonRequest[] }) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;
const READERS = 5_000;
const ARTICLES = 10_000;
const COMMENTS_ON_PAGE = 500;
const LIVE_SAMPLES = 400;

/** The floor's answer: a small JSON message by default, or exactly the bytes and headers of a recorded answer. */
interface FloorAnswer {
  body: Buffer;
  headers: Record<string, string>;
}
const SMALL_ANSWER: FloorAnswer = { body: Buffer.from('{"message":"Your vote is saved."}'), headers: { 'content-type': 'application/json; charset=utf-8' } };

/** A bare node:http process answering every request with `answer` once the request body is read. */
function floorServer(answer: FloorAnswer = SMALL_ANSWER): Promise<{ url: string; child: ChildProcess }> {
  const file = join(mkdtempSync(join(tmpdir(), 'copydesk-bench-floor-')), 'answer');
  writeFileSync(file, answer.body);
  const headers = JSON.stringify({ ...answer.headers, 'content-length': String(answer.body.length) });
  const code = `const b=require('node:fs').readFileSync(${JSON.stringify(file)});const h=${headers};require('node:http').createServer((q,s)=>{q.resume();q.on('end',()=>{s.writeHead(200,h);s.end(b)})}).listen(0,'127.0.0.1',function(){console.log('http://127.0.0.1:'+this.address().port+'/')})`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) => child.stdout!.once('data', (d: Buffer) => resolve({ url: d.toString().trim(), child })));
}

/** One answer as it crosses the wire (still compressed), with the headers a client needs to read it. */
function recordAnswer(url: string, headers: Record<string, string>): Promise<FloorAnswer> {
  return new Promise((resolve, reject) => {
    httpRequest(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const kept: Record<string, string> = {};
        for (const name of ['content-type', 'content-encoding', 'etag', 'cache-control', 'vary']) {
          const value = response.headers[name];
          if (typeof value === 'string') kept[name] = value;
        }
        resolve({ body: Buffer.concat(chunks), headers: kept });
      });
    })
      .on('error', reject)
      .end();
  });
}

/**
 * A newsroom's rule set as the desktop pushes it: the sample workspace's rules and 200 more
 * phrases, none of which the bench's comments contain, so every comment is checked against all.
 */
const BENCH_RULES: ModerationRuleSet = {
  rules: [
    { id: 1, kind: 'banned_phrase', pattern: 'kill yourself', action: 'reject', threshold: null },
    { id: 2, kind: 'suspect_phrase', pattern: 'idiot*', action: 'report', threshold: null },
    { id: 3, kind: 'max_links', pattern: '', action: 'hold', threshold: 2 },
    { id: 4, kind: 'repeat_text', pattern: '', action: 'hold', threshold: 10 },
    ...Array.from({ length: 200 }, (_, i) => ({ id: 10 + i, kind: i % 2 ? ('suspect_phrase' as const) : ('banned_phrase' as const), pattern: `scam${i}* offer`, action: i % 2 ? ('hold' as const) : ('reject' as const), threshold: null })),
  ],
};

async function seed(storage: SiteStorage): Promise<TestReader[]> {
  const site = await openSiteDb(storage);
  try {
    // Articles straight into the table: the vote routes only need the rows to exist.
    const now = new Date().toISOString();
    const article = siteArticle('Bench story');
    await site.db.transaction().execute(async (trx) => {
      for (let at = 0; at < ARTICLES; at += 500) {
        const rows = Array.from({ length: Math.min(500, ARTICLES - at) }, (_, i) => {
          const id = `a${at + i}`;
          return { id, slug: `story-${id}`, section: 'World', headline: `Story ${id}`, document: JSON.stringify({ ...article, slug: `story-${id}` }), version: 1, published_at: article.publishedAt, updated_at: article.updatedAt, stored_at: now };
        });
        await trx.insertInto('articles').values(rows).execute();
      }
    });
    const comments = Array.from({ length: COMMENTS_ON_PAGE }, (_, i) => ({ ...readerComment(`c${i}`, 'a0', `Comment ${i}: a reader's view on the bridge, with a second sentence.`), status: 'approved' as const }));
    await new FeedStore(site.db).upsertComments(comments);
    await site.db.transaction().execute((trx) => replaceRuleSet(trx, BENCH_RULES, now));
    return await signedInReaders(site.db, READERS);
  } finally {
    await site.close();
  }
}

function voteRequests(origin: string, readers: TestReader[], article: () => string): AutocannonRequest[] {
  return [
    {
      method: 'POST',
      setupRequest(request) {
        const reader = readers[randomInt(readers.length)]!;
        return {
          ...request,
          path: `/live/${article()}/vote`,
          headers: { cookie: reader.cookie, origin, 'content-type': 'application/json', [FORM_TOKEN_HEADER]: reader.token },
          body: JSON.stringify({ axis: randomInt(2) === 0 ? 'interesting' : 'support', answer: randomInt(2) === 0 ? 'yes' : 'no' }),
        };
      },
    },
  ];
}

/** New comments, each process's readers in turn (a disjoint share per process, so none passes its limit). */
function commentRequests(origin: string, readers: TestReader[]): AutocannonRequest[] {
  let next = 0;
  return [
    {
      method: 'POST',
      setupRequest(request) {
        const reader = readers[next++ % readers.length]!;
        return {
          ...request,
          path: '/live/a1/comments',
          headers: { cookie: reader.cookie, origin, 'content-type': 'application/json', [FORM_TOKEN_HEADER]: reader.token },
          body: JSON.stringify({ body: `A view on the bridge from ${reader.id}, with a second sentence about the ferry.` }),
        };
      },
    },
  ];
}

/**
 * One autocannon per server process (each with its own Origin: a process checks votes against
 * the address it serves), connections split between them; accepted votes add up, the p99 is the
 * worst process's.
 */
async function load(urls: string | string[], requestsFor: (origin: string, index: number, of: number) => AutocannonRequest[]) {
  const list = Array.isArray(urls) ? urls : [urls];
  const runs = await Promise.all(list.map((url, index) => autocannon({ url, connections: Math.ceil(CONNECTIONS / list.length), duration: SECONDS, requests: requestsFor(new URL(url).origin, index, list.length) })));
  const accepted = runs.reduce((sum, r) => sum + r['2xx'], 0);
  return {
    acceptedPerSecond: Math.round(accepted / Math.max(...runs.map((r) => r.duration))),
    p50ms: Math.max(...runs.map((r) => r.latency.p50)),
    p99ms: Math.max(...runs.map((r) => r.latency.p99)),
    accepted,
    refused: runs.reduce((sum, r) => sum + r.non2xx, 0),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
  };
}

/**
 * Sequential GETs (one at a time, so each figure is the request's own time) of `url` and of the
 * floor, alternating request by request so both see the same machine; p50/p95 in ms.
 */
async function sequentialAgainstFloor(url: string, floorUrl: string, headers: Record<string, string> = {}) {
  const ours: number[] = [];
  const floor: number[] = [];
  const once = async (address: string, into: number[]) => {
    const started = performance.now();
    const response = await fetch(address, { headers });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${address}: HTTP ${response.status}`);
    into.push(performance.now() - started);
  };
  for (let i = 0; i < LIVE_SAMPLES; i++) {
    await once(floorUrl, floor);
    await once(url, ours);
  }
  return { ...summarise(ours), floor: summarise(floor) };
}

async function measure(storage: SiteStorage, processes: number) {
  const readers = await seed(storage);
  const servers: ServerProcess[] = Array.from({ length: processes }, () => spawnSite(storage, ['--no-ip-limit']));
  const floor = await floorServer();
  try {
    const urls = await Promise.all(servers.map((s) => s.url));
    const hotVotes = (origin: string) => voteRequests(origin, readers, () => 'a0');
    const spreadVotes = (origin: string) => voteRequests(origin, readers, () => `a${randomInt(ARTICLES)}`);
    const floorHot = await load(floor.url, hotVotes);
    const hot = await load(urls, hotVotes);
    const floorSpread = await load(floor.url, spreadVotes);
    const spread = await load(urls, spreadVotes);
    // Each process gets its own share of the readers, so no reader passes the per-reader limit.
    const commenters = (index: number, of: number) => readers.filter((_, i) => i % of === index);
    const floorComments = await load(floor.url, (origin) => commentRequests(origin, readers));
    const comments = await load(urls, (origin, index, of) => commentRequests(origin, commenters(index, of)));

    // The live parts' floor serves the very bytes the site answers (compressed as fetch asks), so
    // what is left between the two is the site's own work, not moving or unpacking 500 comments.
    const liveUrl = new URL('live/a0.json', urls[0]).href;
    const meUrl = new URL('live/a0/me.json', urls[0]).href;
    const asFetch = { 'accept-encoding': 'gzip, deflate, br' };
    const liveFloor = await floorServer(await recordAnswer(liveUrl, asFetch));
    const meFloor = await floorServer(await recordAnswer(meUrl, { ...asFetch, cookie: readers[0]!.cookie }));
    let liveJson, me;
    try {
      liveJson = await sequentialAgainstFloor(liveUrl, liveFloor.url);
      me = await sequentialAgainstFloor(meUrl, meFloor.url, { cookie: readers[0]!.cookie });
    } finally {
      liveFloor.child.kill();
      meFloor.child.kill();
    }
    const ratio = (a: number, b: number) => Math.round((a / b) * 1000) / 1000;
    return {
      processes,
      votesOneHotArticle: { ...hot, floorPerSecond: floorHot.acceptedPerSecond, floorP99ms: floorHot.p99ms, ratioToFloor: ratio(hot.acceptedPerSecond, floorHot.acceptedPerSecond), target: '≥ 2,000 accepted/s, p99 ≤ 50 ms' },
      votes10000Articles: { ...spread, floorPerSecond: floorSpread.acceptedPerSecond, floorP99ms: floorSpread.p99ms, ratioToFloor: ratio(spread.acceptedPerSecond, floorSpread.acceptedPerSecond), target: '≥ 2,000 accepted/s, p99 ≤ 50 ms' },
      comments: { ...comments, floorPerSecond: floorComments.acceptedPerSecond, floorP99ms: floorComments.p99ms, ratioToFloor: ratio(comments.acceptedPerSecond, floorComments.acceptedPerSecond), target: '≥ 500 accepted/s with the rules applied', rules: `${BENCH_RULES.rules.length} rules pushed as the desktop does (phrases, links, repeats)` },
      livePartsJson500Comments: { ...liveJson, ratioP95ToFloor: ratio(liveJson.p95, liveJson.floor.p95), target: 'p95 ≤ 10 ms', floorIs: 'the same answer bytes from a bare node:http process' },
      liveMeJson: { ...me, ratioP95ToFloor: ratio(me.p95, me.floor.p95), target: 'p95 ≤ 10 ms', floorIs: 'the same answer bytes from a bare node:http process' },
    };
  } finally {
    floor.child.kill();
    for (const s of servers) s.child.kill('SIGTERM');
  }
}

export async function main(): Promise<void> {
  const before = loadavg();
  const dir = mkdtempSync(join(tmpdir(), 'copydesk-bench-readers-'));
  try {
    const sqlite = await measure({ data: dir }, 1);
    console.log(JSON.stringify({ sqlite, loadAverage: loadavg() }, null, 2));
    if (process.env.BENCH_ONLY === 'sqlite') return;
    const cluster = await startPostgres();
    try {
      const postgresTwoProcesses = await measure({ database: await cluster.createDatabase() }, 2);
      report('site-readers', {
        sqlite,
        postgresTwoProcesses,
        connections: CONNECTIONS,
        secondsPerLoadRun: SECONDS,
        loadAverage: { before, after: loadavg(), note: '1/5/15-minute load averages on 2 cores, shared with other work' },
      });
    } finally {
      cluster.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
