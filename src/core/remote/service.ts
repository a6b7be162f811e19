import type { Database } from '../db/open';
import type { WorkspaceEvents } from '../events';
import { CopydeskError } from '../../shared/errors';
import { ArticleSchema, type Article } from '../../shared/article';
import type { ConflictResolution, ConflictView, CredentialStore, NetworkStatus, OutboxItem, OutboxState, QueuedPublish, Target, TargetSave } from '../../shared/remote/outbox';
import type { ModerationDecision } from '../../shared/remote/site-api';
import { enqueue, OutboxRepository, toItem } from '../outbox/repository';
import { OutboxWorker, type DrainOptions, type WorkerOptions } from '../outbox/worker';
import { syncTarget, moderationSubject, type Ingest, type SyncResult } from '../sync/sync';
import { conflictDiff } from './conflict-diff';
import { RemoteError } from './errors';
import { GhostTarget } from './ghost/target';
import type { RenderLexicalHtml } from './ghost/lexical';
import { pushModerationDecisions } from './moderation-push';
import { pushRuleSet, ruleSetKey, siteRuleSet } from './rules-push';
import { targetSource } from '../moderation/source';
import type { ApplyRemote } from './keep-remote';
import { RemoteRefRepository } from './refs';
import type { SecretStore } from './secrets';
import { SiteTarget } from './site/target';
import type { RemoteTarget, RenderArticle } from './target';
import { TargetRegistry, type TargetRow } from './targets';

export interface RemoteOptions {
  secrets: SecretStore;
  renderPage: RenderArticle;
  renderHtml: RenderLexicalHtml;
  readAsset?: (src: string) => { bytes: Uint8Array; type: string } | null;
  /** "Keep remote": saves the target's version over the local article (a new revision). */
  applyRemote?: ApplyRemote;
  ingest?: Ingest;
  worker?: WorkerOptions;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Queues a moderation decision for a target (call inside the local decision's transaction). */
export function enqueueDecision(db: Database, targetId: string, decision: ModerationDecision): { id: string } {
  if (decision.action === 'void_vote') {
    return enqueue(db, { targetId, kind: 'vote_void', subject: moderationSubject(decision), payload: { voteId: decision.voteId, reason: decision.reason ?? '' } });
  }
  return enqueue(db, { targetId, kind: 'moderation', subject: moderationSubject(decision), payload: { decisions: [decision] } });
}

/**
 * Remote publishing use cases behind the contract: targets, the outbox, conflicts, sync, and
 * the long-lived workers (one per target) that hosts start and stop.
 */
export class RemoteService {
  readonly targets: TargetRegistry;
  private readonly outbox: OutboxRepository;
  private readonly refs: RemoteRefRepository;
  private readonly workers = new Map<string, OutboxWorker>();
  /** What each target's worker last observed: refused/DNS/timeouts = offline, any answer = online. */
  private readonly network = new Map<string, NetworkStatus>();
  /** Set by start(): targets added later get a running worker too. */
  private started = false;

  constructor(
    private readonly db: Database,
    private readonly events: WorkspaceEvents,
    private readonly options: RemoteOptions,
  ) {
    this.targets = new TargetRegistry(db, options.secrets);
    this.outbox = new OutboxRepository(db);
    this.refs = new RemoteRefRepository(db);
  }

  /** The runtime client for a target; its credential is read per request, never cached in logs. */
  runtime(row: TargetRow): RemoteTarget {
    const credential = () => {
      const value = this.targets.credential(row);
      if (value === null) throw new RemoteError('rejected', `No credentials for target "${row.name}"`);
      return value;
    };
    const http = { baseUrl: row.baseUrl, timeoutMs: this.options.timeoutMs ?? 15_000, ...(this.options.fetch ? { fetch: this.options.fetch } : {}) };
    if (row.kind === 'ghost') {
      const posts = () => this.refs.postsOf(row.id);
      const authorMap = () => this.targets.authorMap(row.id);
      const knownReplies = (articleId: string) => this.refs.repliesKnown(targetSource(row.id), articleId);
      const uploaded = { get: (hash: string) => this.refs.uploadedUrl(row.id, hash), remember: (hash: string, url: string) => this.refs.rememberUpload(row.id, hash, url) };
      return new GhostTarget(row.id, { ...http, adminKey: credential, renderHtml: this.options.renderHtml, posts, authorMap, knownReplies, uploaded, ...(this.options.readAsset ? { readAsset: this.options.readAsset } : {}) });
    }
    return new SiteTarget(row.id, { ...http, token: credential }, this.options.renderPage);
  }

  listTargets(): Target[] {
    return this.targets.list();
  }

  saveTarget(input: TargetSave): Target {
    const saved = this.targets.save(input);
    this.restartWorker(saved.id);
    return saved;
  }

  async deleteTarget(id: string): Promise<{ id: string }> {
    await this.workers.get(id)?.stop();
    this.workers.delete(id);
    this.network.delete(id);
    return this.targets.delete(id);
  }

  networkStatus(): NetworkStatus[] {
    return [...this.network.values()];
  }

  /** Where tokens are kept, and whether the person accepted unencrypted storage. */
  credentialStore(): CredentialStore {
    const info = this.options.secrets.describe?.() ?? { kind: 'env_file' as const, detail: 'Tokens are kept by the host.', needsConsent: false };
    return { kind: info.kind, detail: info.detail, needsConsent: info.needsConsent, plaintextAllowed: info.plaintextAllowed ?? false };
  }

  /**
   * Asks the host to let the person decide about unencrypted storage (`true`: the host shows its
   * own dialog; the answer is the person's, not the caller's), or withdraws it (`false`). The
   * consent lives with the host's secret store, not in the workspace, where the page could set it.
   */
  async setPlaintextAllowed(allow: boolean): Promise<CredentialStore> {
    const { secrets } = this.options;
    if (!secrets.requestPlaintext) throw new CopydeskError('invalid_input', 'Here tokens are kept by the host, so there is no unencrypted storage to allow.');
    await secrets.requestPlaintext(allow);
    return this.credentialStore();
  }

  async testTarget(id: string): Promise<{ ok: boolean; message: string }> {
    try {
      return { ok: true, message: await this.runtime(this.targets.row(id)).test() };
    } catch (error) {
      if (error instanceof RemoteError || error instanceof CopydeskError) return { ok: false, message: error.message };
      throw error;
    }
  }

  listOutbox(filter: { state?: OutboxState | undefined; targetId?: string | undefined } = {}): OutboxItem[] {
    return this.outbox.list(filter).map(toItem);
  }

  retry(id: string): OutboxItem {
    const row = this.requireRow(id);
    if (!this.outbox.retry(id, Date.now())) {
      // A queued row waiting for its backoff is brought forward instead.
      if (row.state !== 'queued') throw new CopydeskError('conflict', `Only rows that need attention or wait can be retried (this one is ${row.state})`);
      this.outbox.wakeTarget(row.targetId, Date.now());
    }
    // "Retry" also means "try the network now": the worker's offline backoff starts over.
    this.workers.get(row.targetId)?.retryNow();
    this.changed(row.targetId);
    return toItem(this.requireRow(id));
  }

  discard(id: string): { id: string } {
    const row = this.requireRow(id);
    if (!this.outbox.discard(id)) throw new CopydeskError('conflict', `A row that is ${row.state} cannot be discarded`);
    this.changed(row.targetId);
    return { id };
  }

  /** The row's payload, for "show what will be sent". Never contains credentials. */
  payload(id: string): unknown {
    return JSON.parse(this.requireRow(id).payload) as unknown;
  }

  listConflicts(): ConflictView[] {
    const names = new Map(this.targets.rows().map((t) => [t.id, t.name]));
    return this.refs.openConflicts().map((c) => ({
      ...c,
      targetName: names.get(c.targetId) ?? c.targetId,
      headline: typeof c.local.headline === 'string' ? c.local.headline : '',
      diff: conflictDiff(c.remote, c.local),
    }));
  }

  /**
   * overwrite: read the remote afresh, take its version as our base, and send our version again
   * (with a new idempotency key: the server stored its refusal under the old one).
   * keep_remote: accept what the target holds: our queued write is dropped and the remote
   * version is saved over the local article (a new revision), in the same transaction as taking
   * its version as our base. So a later save sends what the target holds plus the new edit, and
   * never overwrites a remote change Copydesk has not taken in.
   */
  async resolveConflict(id: number, resolution: ConflictResolution): Promise<{ id: number }> {
    const conflict = this.refs.conflict(id);
    if (!conflict) throw new CopydeskError('not_found', `No open conflict ${id}`);
    const row = this.targets.row(conflict.targetId);
    const known = this.refs.get(row.id, conflict.articleId);
    const remoteId = typeof conflict.remote.id === 'string' ? conflict.remote.id : conflict.articleId;
    const base = known ?? { remoteId, version: conflict.remoteVersion ?? '', contentHash: '' };
    const local = ArticleSchema.safeParse(conflict.local);
    const fresh = await this.runtime(row).readRemote(conflict.articleId, base, undefined, local.success ? local.data : undefined);
    const apply = resolution === 'keep_remote' && fresh?.fields ? this.options.applyRemote : undefined;
    this.db.transaction(() => {
      const ref = fresh ? { remoteId: typeof fresh.snapshot.id === 'string' ? fresh.snapshot.id : base.remoteId, version: fresh.version ?? '', contentHash: base.contentHash } : null;
      this.refs.set(row.id, conflict.articleId, ref);
      if (resolution === 'overwrite') this.outbox.retry(conflict.outboxId, Date.now(), true);
      else {
        this.outbox.retry(conflict.outboxId, Date.now());
        this.outbox.markDone(conflict.outboxId, Date.now());
      }
      this.refs.resolve(id, resolution);
      if (apply && fresh?.fields) apply(conflict.articleId, fresh.fields);
    })();
    this.changed(row.id);
    this.wake();
    return { id };
  }

  /**
   * The articles whose current version the target has not received: never delivered, changed
   * since (revision or updatedAt), unpublished there since, or with no remote reference left.
   */
  changedSinceDelivery<T extends { id: string; revision: number; updatedAt: string }>(targetId: string, articles: readonly T[]): T[] {
    return articles.filter((a) => {
      const last = this.outbox.lastPublished(targetId, a.id);
      return last === null || last.revision !== a.revision || last.updatedAt !== a.updatedAt || this.refs.get(targetId, a.id) === null;
    });
  }

  /** Queues a publish of these (published) articles to one target and returns the row ids. */
  queuePublish(targetId: string, articles: { id: string; status: string }[], load: (id: string) => unknown): string[] {
    return this.db.transaction(() =>
      articles
        .filter((a) => a.status === 'published')
        .map((a) => enqueue(this.db, { targetId, kind: 'publish', subject: a.id, payload: { article: load(a.id) } }).id),
    )();
  }

  /**
   * "Publish" in the app: queues the article for every target with auto-publish on. The save
   * that made it published already queued it through the publish hook; enqueue coalesces with
   * that row while it is unsent, so each target gets one row (returned for the progress view).
   */
  queueArticle(article: Article, load: (id: string) => unknown): QueuedPublish[] {
    if (article.status !== 'published') return [];
    const targets = this.targets.rows().filter((t) => t.autoPublish);
    const queued = targets.map((t) => ({ targetId: t.id, outboxId: this.queuePublish(t.id, [article], load)[0]! }));
    for (const { targetId } of queued) this.changed(targetId);
    this.wake();
    return queued;
  }

  /**
   * Turns unpushed moderation decisions into outbox rows (one transaction with marking them
   * pushed) and wakes the workers concerned. Called after each moderation change and at start.
   */
  pushModeration(): number {
    const { queued, targets } = pushModerationDecisions(this.db);
    // A rule change emits moderation:changed too: the site targets get the new set.
    for (const id of pushRuleSet(this.db)) targets.add(id);
    for (const id of targets) {
      this.changed(id);
      this.workers.get(id)?.wake();
    }
    return queued;
  }

  /** Sends everything deliverable now (for the CLI), leaving what must wait queued. */
  async drain(targetId: string, deadline?: number, options?: DrainOptions) {
    const result = await this.worker(targetId).drain(deadline, options);
    // A stopped worker stays stopped: the next drain or start() gets a fresh one.
    if (result.stopped) this.workers.delete(targetId);
    return result;
  }

  async sync(targetId?: string): Promise<SyncResult[]> {
    const ingest = this.options.ingest;
    if (!ingest) throw new CopydeskError('conflict', 'Nothing in this build stores pulled comments yet');
    const rows = targetId ? [this.targets.row(targetId)] : this.targets.rows();
    const results: SyncResult[] = [];
    for (const row of rows) {
      const target = this.runtime(row);
      results.push(await syncTarget(this.db, target, ingest));
      await this.checkRuleSet(target);
    }
    return results;
  }

  /**
   * After a pull, while the site is known to answer: when it holds another rule set than ours (a
   * push lost with its database, a site restored from a backup), the current set is queued again.
   */
  private async checkRuleSet(target: RemoteTarget): Promise<void> {
    if (!target.readRuleSet) return;
    const held = await target.readRuleSet();
    if (held === null || ruleSetKey(held) === ruleSetKey(siteRuleSet(this.db))) return;
    if (pushRuleSet(this.db, { only: target.id, force: true }).size > 0) {
      this.changed(target.id);
      this.workers.get(target.id)?.wake();
    }
  }

  /** Starts one worker per target (the app and the web host). */
  start(): void {
    this.started = true;
    this.pushModeration();
    for (const row of this.targets.rows()) this.worker(row.id).start();
  }

  get running(): boolean {
    return this.started;
  }

  async stop(): Promise<void> {
    this.started = false;
    await Promise.all([...this.workers.values()].map((w) => w.stop()));
    this.workers.clear();
  }

  /** After a commit that may have queued rows (article saves, decisions). */
  wake(): void {
    for (const w of this.workers.values()) w.wake();
  }

  private worker(targetId: string): OutboxWorker {
    let worker = this.workers.get(targetId);
    if (!worker) {
      worker = new OutboxWorker(this.db, this.runtime(this.targets.row(targetId)), {
        ...this.options.worker,
        onChange: () => this.changed(targetId),
        onNetwork: (status) => {
          this.network.set(targetId, status);
          this.events.emit('network:status', status);
        },
      });
      this.workers.set(targetId, worker);
    }
    return worker;
  }

  private restartWorker(id: string): void {
    const old = this.workers.get(id);
    if (!old) {
      if (this.started) this.worker(id).start();
      return;
    }
    this.workers.delete(id);
    // A new URL or token deserves a fresh look at connectivity.
    this.network.delete(id);
    void old.stop().then(() => {
      if (this.started) this.worker(id).start();
    });
  }

  private requireRow(id: string) {
    const row = this.outbox.get(id);
    if (!row) throw new CopydeskError('not_found', `No outbox row ${id}`);
    return row;
  }

  private changed(targetId: string): void {
    this.events.emit('outbox:changed', { targetId, counts: this.outbox.counts(targetId) });
  }
}
