import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { ingestComments } from '../src/core/moderation/ingest';
import type { Workspace } from '../src/core/workspace';
import type { CommentIngestItem } from '../src/shared/moderation';
import { FLOOR_METHOD, ingestFloor } from './ingest-floor';
import { T0, YEAR, type randomSource } from './moderation-corpus';

/**
 * The import against its SQLite-alone floor, alternating in one run (floor, import; then import,
 * floor; …: an ABBA order, so the table growing by 100,000 rows a step and the machine's drift
 * weigh on both alike). Every round is a fresh import of `count` new comments: its own remote ids,
 * times a day after the previous round's (no repeat-text window spans two rounds) and new display
 * names for the readers it brings, so each round renames readers as the first did.
 */

export interface IngestRound {
  round: number;
  order: 'floor first' | 'import first';
  importMs: number;
  importCpuMs: number;
  floorMs: number;
  floorCpuMs: number;
  ratio: number;
  loadavg: number[];
}

const DAY_MS = 86_400_000;

export function roundItems(round: number, count: number, articleIds: readonly string[], authors: number, random: ReturnType<typeof randomSource>): CommentIngestItem[] {
  const { rand, pick, text } = random;
  const start = T0 + YEAR + round * DAY_MS * 2;
  return Array.from({ length: count }, (_, i) => ({
    remoteId: `ingest-r${round}-${i}`,
    articleId: pick(articleIds),
    author: { remoteId: `author-${String(1 + Math.floor(rand() * authors)).padStart(9, '0')}`, displayName: `Reader ${round}`, createdAt: '2024-01-01T00:00:00Z' },
    body: i % 50 === 0 ? `<p>${text(20)} <a href="https://x.example">link</a></p>` : text(10 + Math.floor(rand() * 30)),
    format: i % 50 === 0 ? 'html' : 'text',
    createdAt: new Date(start + i * 1000).toISOString(),
    publishedOnRemote: i % 3 === 0,
  }));
}

const load = () => loadavg().map((x) => Math.round(x * 100) / 100);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function timeCpu<T>(fn: () => T): [T, number, number] {
  const cpu = process.cpuUsage();
  const t = performance.now();
  const value = fn();
  const ms = performance.now() - t;
  const used = process.cpuUsage(cpu);
  return [value, Math.round(ms), Math.round((used.user + used.system) / 1000)];
}

export function ingestRounds(ws: Workspace, options: { rounds: number; count: number; articleIds: readonly string[]; authors: number; random: ReturnType<typeof randomSource> }) {
  const { rounds, count, articleIds, authors, random } = options;
  const perRound: IngestRound[] = [];
  let first: { items: CommentIngestItem[]; result: ReturnType<typeof ingestComments> } | null = null;
  for (let round = 0; round < rounds; round += 1) {
    const items = roundItems(round, count, articleIds, authors, random);
    const floorFirst = round % 2 === 0;
    const floor = () => ingestFloor(ws.db, items, authors, `r${round}`);
    const run = () => timeCpu(() => ingestComments(ws, items, 'bench'));
    let measuredFloor: ReturnType<typeof ingestFloor>;
    let measured: ReturnType<typeof run>;
    const before = load();
    if (floorFirst) {
      measuredFloor = floor();
      measured = run();
    } else {
      measured = run();
      measuredFloor = floor();
    }
    const [result, importMs, importCpuMs] = measured;
    if (result.inserted !== count) throw new Error(`round ${round}: ${result.inserted} of ${count} comments inserted`);
    first ??= { items, result };
    perRound.push({
      round,
      order: floorFirst ? 'floor first' : 'import first',
      importMs,
      importCpuMs,
      floorMs: measuredFloor.ms,
      floorCpuMs: measuredFloor.cpuMs,
      ratio: Math.round((importMs / measuredFloor.ms) * 100) / 100,
      loadavg: before,
    });
    console.error(`ingest round ${round}: import ${importMs} ms, floor ${measuredFloor.ms} ms, ratio ${perRound.at(-1)!.ratio}, load ${before.join(' ')}`);
  }
  // Re-importing the first round unchanged: every item is read and compared, nothing is written.
  const [reingested, reMs, reCpuMs] = timeCpu(() => ingestComments(ws, first!.items, 'bench'));
  const importTotal = perRound.reduce((s, r) => s + r.importMs, 0);
  const floorTotal = perRound.reduce((s, r) => s + r.floorMs, 0);
  return {
    items: count,
    rounds: perRound,
    result: first!.result,
    importMedianMs: median(perRound.map((r) => r.importMs)),
    floorMedianMs: median(perRound.map((r) => r.floorMs)),
    ratioMedian: median(perRound.map((r) => r.ratio)),
    ratioOfTotals: Math.round((importTotal / floorTotal) * 100) / 100,
    ratioTarget: 1.4,
    floorMethod: FLOOR_METHOD,
    reingest: { ms: reMs, cpuMs: reCpuMs, result: reingested },
  };
}
