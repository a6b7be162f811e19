import { createHash, randomInt } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { AxisTally } from '../../shared/engagement';
import { VOTE_AXES } from '../../shared/remote/site-api';
import type { SiteDatabase, VotesTable } from '../db/schema';
import { compiledOnce } from '../db/compiled';
import { writeTransaction } from '../db/write';

/**
 * Readers' votes and their tallies. A reader's answer on one axis of one article is one votes
 * row; counted votes are also added up in vote_tallies, spread over TALLY_SLOTS rows per article
 * and axis. A change takes the row lock of the vote it changes (so two changes of one reader's
 * answer cannot both count) and adds its difference to one slot chosen at random, so thousands
 * of readers voting on one article at once rarely queue on the same row. Tallies are the sum of
 * the slots; additions commute, so the sum always equals a recount of the votes table.
 */

export const TALLY_SLOTS = 8;

export type VoteAxis = (typeof VOTE_AXES)[number];
export type VoteAnswer = 'yes' | 'no' | 'withdraw';
/** A reader's standing answer on each axis; null for none (never answered, or withdrawn). */
export type MyVotes = Record<VoteAxis, 'yes' | 'no' | null>;

export interface VoteSignals {
  /** When the reader's account was made (ISO 8601). */
  voterCreatedAt: string | null;
  ipHash: string | null;
  deviceHash: string | null;
}

export interface Tallies {
  interesting: AxisTally;
  support: AxisTally;
  /** The newest change to a tally (ISO 8601), or null when nobody voted. */
  changedAt: string | null;
}

/** The id of a reader's vote on one axis of one article: the same three give the same row. */
export function readerVoteId(articleId: string, readerId: string, axis: VoteAxis): string {
  return `rv_${createHash('sha256').update(`${articleId}\n${readerId}\n${axis}`).digest('base64url').slice(0, 32)}`;
}

type VoteRow = Omit<VotesTable, 'seq'>;

const counted = (row: Pick<VoteRow, 'voided' | 'withdrawn'> | undefined): boolean => row !== undefined && row.voided === 0 && row.withdrawn === 0;

/** Adds a difference to one random slot of an article's axis (no-op for a zero difference). */
async function addToTally(trx: Transaction<SiteDatabase>, articleId: string, axis: string, yes: number, total: number, now: string): Promise<void> {
  if (yes === 0 && total === 0) return;
  await trx
    .insertInto('vote_tallies')
    .values({ article_id: articleId, axis, slot: randomInt(TALLY_SLOTS), yes, total, changed_at: now })
    .onConflict((oc) =>
      oc.columns(['article_id', 'axis', 'slot']).doUpdateSet({
        yes: sql<number>`vote_tallies.yes + ${yes}`,
        total: sql<number>`vote_tallies.total + ${total}`,
        changed_at: now,
      }),
    )
    .execute();
}

/**
 * Changes one vote inside the caller's transaction and keeps the tallies in step. `make` turns
 * the current row (undefined when there is none) into the next one, or null to leave it. The row
 * is locked first by a no-op UPDATE ... RETURNING (a row lock on PostgreSQL; SQLite's writer lock
 * is already held), so the state the difference is computed from cannot change underneath, and
 * a moderator's void and a reader's change of the same vote apply one after the other. The feed
 * number is cleared: the numbering step (store/feeds.ts) gives a new one after commit.
 * Returns false when nothing changed.
 */
export async function changeVote(trx: Transaction<SiteDatabase>, id: string, make: (old: VoteRow | undefined) => VoteRow | null, changedAt: string): Promise<boolean> {
  const lock = () =>
    trx
      .updateTable('votes')
      .set((eb) => ({ withdrawn: eb.ref('withdrawn') }))
      .where('id', '=', id)
      .returning(['id', 'article_id', 'voter_id', 'axis', 'value', 'voided', 'withdrawn', 'created_at', 'voter_created_at', 'ip_hash', 'device_hash'])
      .executeTakeFirst();
  let old = await lock();
  if (!old) {
    const fresh = make(undefined);
    if (!fresh) return false;
    const inserted = await trx
      .insertInto('votes')
      .values({ ...fresh, id, seq: null })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) {
      if (counted(fresh)) await addToTally(trx, fresh.article_id, fresh.axis, fresh.value, 1, changedAt);
      return true;
    }
    // Another transaction inserted it first and has committed (PostgreSQL waited for it).
    old = await lock();
    if (!old) throw new Error('A vote vanished while it was being changed.');
  }
  const next = make(old);
  if (!next || (Object.keys(next) as (keyof VoteRow)[]).every((key) => next[key] === old[key])) return false;
  await trx
    .updateTable('votes')
    .set({ ...next, id, seq: null })
    .where('id', '=', id)
    .execute();
  const before = counted(old);
  const after = counted(next);
  if (old.article_id === next.article_id && old.axis === next.axis) {
    await addToTally(trx, next.article_id, next.axis, (after ? next.value : 0) - (before ? old.value : 0), Number(after) - Number(before), changedAt);
  } else {
    // Only an import can move a vote to another article or axis: take it off the old tally.
    if (before) await addToTally(trx, old.article_id, old.axis, -old.value, -1, changedAt);
    if (after) await addToTally(trx, next.article_id, next.axis, next.value, 1, changedAt);
  }
  return true;
}

export interface CastInput {
  articleId: string;
  readerId: string;
  axis: VoteAxis;
  answer: VoteAnswer;
  signals: VoteSignals;
  now: string;
  /** Counts the vote against rate limits in the same transaction; > 0 = seconds to wait, nothing changes. */
  limit?: (trx: Transaction<SiteDatabase>) => Promise<number>;
  /** Also read the tallies and the reader's answers as they are after this vote (CastOutcome.after). */
  readAnswer?: boolean;
}

export interface CastOutcome {
  /** False when the answer was already the reader's standing one (or the vote was refused). */
  changed: boolean;
  /** Seconds to wait when a rate limit refused the vote, else 0. */
  retryAfter: number;
  /** With `readAnswer: true` and not refused: the article's tallies and the reader's answers just after this vote. */
  after?: VoteAnswerState;
}

/** What a voter is shown after voting: the tallies and their own standing answers. */
export interface VoteAnswerState {
  tallies: Record<VoteAxis, AxisTally>;
  mine: MyVotes;
}

/** Votes one SQLite transaction writes at most. */
const GROUP_COMMIT_MAX = 256;

/** One reader's answer (or its withdrawal) inside the caller's transaction; `readAfter` reads CastOutcome.after in it too. */
async function castIn(trx: Transaction<SiteDatabase>, input: CastInput, readAfter?: (db: Kysely<SiteDatabase>) => Promise<VoteAnswerState>): Promise<CastOutcome> {
  const { articleId, readerId, axis, answer, signals, now } = input;
  const retryAfter = input.limit ? await input.limit(trx) : 0;
  if (retryAfter > 0) return { changed: false, retryAfter };
  const changed = await changeVote(
    trx,
    readerVoteId(articleId, readerId, axis),
    (old) => {
      // Withdrawing nothing changes nothing; a withdrawal keeps the answer it withdrew.
      if (answer === 'withdraw' && (!old || old.withdrawn === 1)) return null;
      // The same answer again is not a change (its time and signals stay those of the first).
      if (old && old.withdrawn === 0 && answer !== 'withdraw' && old.value === (answer === 'yes' ? 1 : 0)) return null;
      return {
        id: readerVoteId(articleId, readerId, axis),
        article_id: articleId,
        voter_id: readerId,
        axis,
        value: answer === 'withdraw' ? old!.value : answer === 'yes' ? 1 : 0,
        // A moderator's void stays on the reader's vote whatever the reader does next.
        voided: old?.voided ?? 0,
        withdrawn: answer === 'withdraw' ? 1 : 0,
        created_at: now,
        voter_created_at: signals.voterCreatedAt,
        ip_hash: signals.ipHash,
        device_hash: signals.deviceHash,
      };
    },
    now,
  );
  return readAfter ? { changed, retryAfter: 0, after: await readAfter(trx) } : { changed, retryAfter: 0 };
}

export class VoteStore {
  private readonly queue: { input: CastInput; resolve: (outcome: CastOutcome) => void; reject: (error: unknown) => void }[] = [];
  private flushing = false;

  /** groupCommit: write concurrent votes in shared transactions (for SQLite; see flush). */
  constructor(
    private readonly db: Kysely<SiteDatabase>,
    private readonly groupCommit = false,
  ) {}

  /**
   * Records a signed-in reader's answer (or its withdrawal) with the fraud signals of this
   * request. `changed` is false when the answer was already the reader's standing one.
   */
  async cast(input: CastInput): Promise<CastOutcome> {
    if (!this.groupCommit) {
      // PostgreSQL: read the answer after the commit, so the transaction does not hold the
      // tally slot's row lock for one more round trip.
      const outcome = await writeTransaction(this.db, (trx) => castIn(trx, input));
      return input.readAnswer && outcome.retryAfter === 0 ? { ...outcome, after: await this.answerState(this.db, input.articleId, input.readerId) } : outcome;
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      if (this.queue.length === 1 && !this.flushing) setImmediate(() => void this.flush());
    });
  }

  /**
   * Group commit (SQLite): SQLite has one writer and every commit waits for the disk, so the
   * votes that arrived while the previous commit was on its way are written together in one
   * transaction, each in turn, and all answered once it has committed. Should the shared
   * transaction fail, each vote is retried alone, so one vote's error stays its own.
   */
  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, GROUP_COMMIT_MAX);
        let outcomes: CastOutcome[] | null = null;
        try {
          outcomes = await writeTransaction(this.db, async (trx) => {
            const done: CastOutcome[] = [];
            // SQLite: the answer is read inside the shared transaction, where the writer's
            // statements are cheap, instead of one more read outside it per vote.
            for (const item of batch) done.push(await castIn(trx, item.input, this.readAfter(item.input)));
            return done;
          });
        } catch {
          for (const item of batch) {
            // Through a promise, so even an error thrown before the transaction starts is this vote's.
            await Promise.resolve()
              .then(() => writeTransaction(this.db, (trx) => castIn(trx, item.input, this.readAfter(item.input))))
              .then(item.resolve, item.reject);
          }
        }
        if (outcomes) batch.forEach((item, index) => item.resolve(outcomes[index]!));
      }
    } finally {
      this.flushing = false;
    }
  }

  private readAfter(input: CastInput): ((db: Kysely<SiteDatabase>) => Promise<VoteAnswerState>) | undefined {
    return input.readAnswer ? (db) => this.answerState(db, input.articleId, input.readerId) : undefined;
  }

  /** The tallies and the reader's rows in one statement (it runs after every vote). */
  private readonly answerRows = compiledOnce((articleId: string, interestingId: string, supportId: string) =>
    this.db
      .selectFrom('vote_tallies')
      .where('article_id', '=', articleId)
      .groupBy('axis')
      .select((eb) => ['axis', eb.fn.sum<number>('yes').as('yes'), eb.fn.sum<number>('total').as('total'), sql<number>`0`.as('mine')])
      .unionAll(this.db.selectFrom('votes').where('id', 'in', [interestingId, supportId]).select(['axis', 'value as yes', 'withdrawn as total', sql<number>`1`.as('mine')])),
  );

  /** The article's tallies and the reader's standing answers, read through `db` (a transaction or the database). */
  async answerState(db: Kysely<SiteDatabase>, articleId: string, readerId: string): Promise<VoteAnswerState> {
    const rows = await this.answerRows(db, articleId, readerVoteId(articleId, readerId, 'interesting'), readerVoteId(articleId, readerId, 'support'));
    const tally = (axis: VoteAxis): AxisTally => {
      const row = rows.find((r) => Number(r.mine) === 0 && r.axis === axis);
      return { yes: Number(row?.yes ?? 0), total: Number(row?.total ?? 0) };
    };
    const answer = (axis: VoteAxis) => {
      const row = rows.find((r) => Number(r.mine) === 1 && r.axis === axis);
      // In reader rows, `yes` is the answer's value and `total` its withdrawn flag.
      return !row || Number(row.total) === 1 ? null : Number(row.yes) === 1 ? 'yes' : 'no';
    };
    return { tallies: { interesting: tally('interesting'), support: tally('support') }, mine: { interesting: answer('interesting'), support: answer('support') } };
  }

  /** The reader's standing answers on an article. */
  async mine(articleId: string, readerId: string): Promise<MyVotes> {
    const ids = VOTE_AXES.map((axis) => readerVoteId(articleId, readerId, axis));
    const rows = await this.db.selectFrom('votes').select(['axis', 'value', 'withdrawn']).where('id', 'in', ids).execute();
    const answer = (axis: VoteAxis) => {
      const row = rows.find((r) => r.axis === axis);
      return !row || row.withdrawn === 1 ? null : row.value === 1 ? 'yes' : 'no';
    };
    return { interesting: answer('interesting'), support: answer('support') };
  }

  /** The sum of an article's slots per axis. */
  async tallies(articleId: string): Promise<Tallies> {
    const rows = await this.db
      .selectFrom('vote_tallies')
      .select((eb) => ['axis', eb.fn.sum<number>('yes').as('yes'), eb.fn.sum<number>('total').as('total'), eb.fn.max('changed_at').as('changed')])
      .where('article_id', '=', articleId)
      .groupBy('axis')
      .execute();
    const tally = (axis: VoteAxis): AxisTally => {
      const row = rows.find((r) => r.axis === axis);
      return { yes: Number(row?.yes ?? 0), total: Number(row?.total ?? 0) };
    };
    const times = rows.map((r) => String(r.changed)).sort();
    return { interesting: tally('interesting'), support: tally('support'), changedAt: times.at(-1) ?? null };
  }

  /** Counts the votes table itself (what the slots must always add up to); for checks and tests. */
  async recount(articleId: string): Promise<Record<VoteAxis, AxisTally>> {
    const rows = await this.db
      .selectFrom('votes')
      .select((eb) => ['axis', eb.fn.countAll<number>().as('total'), eb.fn.sum<number>('value').as('yes')])
      .where('article_id', '=', articleId)
      .where('voided', '=', 0)
      .where('withdrawn', '=', 0)
      .groupBy('axis')
      .execute();
    const tally = (axis: VoteAxis): AxisTally => {
      const row = rows.find((r) => r.axis === axis);
      return { yes: Number(row?.yes ?? 0), total: Number(row?.total ?? 0) };
    };
    return { interesting: tally('interesting'), support: tally('support') };
  }
}
