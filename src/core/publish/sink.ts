import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assetFileOf } from '../../shared/assets';
import { CopydeskError } from '../../shared/errors';
import { InjectedFailure, type ArticleOutcome } from './article-batch';
import type { PlannedFile } from './article-file';
import type { DerivedResult } from './derived-run';
import type { ManifestEntry } from './manifest';
import { PageBytes, sha256 } from './page-bytes';
import type { SyncSiteWriter } from './sync-writer';

export interface SinkOptions {
  writer: SyncSiteWriter;
  workspaceDir: string;
  dryRun: boolean;
  /** The manifest entry a file had after the last publish. */
  previous(file: string): ManifestEntry | undefined;
  /** Test hook: throw after this many files were written, as a crash would. */
  failAfterWrites?: number | undefined;
  /** Files written so far by every thread of the build (the hook's count; see WriteBudget). */
  writes?: Int32Array | undefined;
}

/**
 * Takes planned files, writes those whose content differs from the manifest (or whose size on
 * disk does not match it: a file cut short by a power loss, since output is not fsynced), and
 * records what the manifest should say afterwards. Each file is encoded, hashed and written
 * before the next is looked at (synchronously, like the render workers' ArticleBatch): no page
 * waits in memory for a write, and nothing a page allocated outlives it.
 */
export class FileSink {
  readonly seen = new Map<string, ManifestEntry>();
  readonly upserts = new Map<string, ManifestEntry>();
  readonly written: string[] = [];
  readonly errors: { path: string; message: string }[] = [];
  unchanged = 0;
  private readonly writes: Int32Array;
  private readonly bytes = new PageBytes();
  /** Article pages handed to the render workers, by file: a later file at the same path is a clash. */
  private readonly claimed = new Map<string, string>();

  constructor(private readonly options: SinkOptions) {
    this.writes = options.writes ?? new Int32Array(1);
  }

  /** Reserves a path for a page rendered elsewhere (see record); false, with an error, when it is taken. */
  claim(file: string, source: string): boolean {
    if (this.clashes(file, source)) return false;
    this.claimed.set(file, source);
    return true;
  }

  /** Whether another output already has `file` (written here or claimed for a worker); reports the clash. */
  private clashes(file: string, source: string): boolean {
    const other = this.seen.get(file)?.source ?? this.claimed.get(file);
    if (other === undefined) return false;
    this.errors.push({ path: file, message: `Two outputs want the same path (${other} and ${source}); check the URL pattern and slugs` });
    return true;
  }

  /** Reserves a path that another thread has claimed (see claim), without reporting a clash. */
  reserve(file: string, source: string): void {
    if (!this.claimed.has(file)) this.claimed.set(file, source);
  }

  /** Takes what a render worker did with the listing pages, feeds and sitemap (see runDerived). */
  merge(result: DerivedResult): void {
    for (const { file, entry, upsert, written } of result.files) {
      this.seen.set(file, entry);
      if (upsert) this.upserts.set(file, upsert);
      if (written) this.written.push(file);
    }
    this.unchanged += result.unchanged;
    this.errors.push(...result.errors);
  }

  /**
   * Takes the outcome of an article page rendered and written by an ArticleBatch (in a render
   * worker or in this thread), with the same bookkeeping `add` does for the files it writes.
   */
  record(outcome: ArticleOutcome, previous: ReadonlyMap<string, ManifestEntry>): void {
    const source = `article:${outcome.id}`;
    switch (outcome.status) {
      case 'missing':
        return;
      case 'render-failed': {
        const path = [...this.claimed].find(([, s]) => s === source)?.[0] ?? source;
        this.errors.push({ path, message: `Could not render: ${outcome.message}` });
        // Keep the page it had: it is not deleted, and the manifest keeps describing it.
        for (const [file, entry] of previous) if (entry.source === source) this.seen.set(file, entry);
        return;
      }
      case 'write-failed': {
        this.errors.push({ path: outcome.file, message: outcome.message });
        const before = previous.get(outcome.file);
        if (before) this.seen.set(outcome.file, before);
        return;
      }
    }
    const entry: ManifestEntry = { hash: outcome.hash, source, inputKey: '', size: outcome.size, detail: outcome.detail };
    this.seen.set(outcome.file, entry);
    if (outcome.status === 'written') {
      this.written.push(outcome.file);
      this.upserts.set(outcome.file, entry);
      return;
    }
    this.unchanged += 1;
    const before = previous.get(outcome.file);
    if (!before || before.inputKey !== entry.inputKey || before.source !== entry.source || before.size !== entry.size || before.detail !== entry.detail) {
      this.upserts.set(outcome.file, entry);
    }
  }

  /** Writes (or keeps) each file in turn. Throws only the failAfterWrites test hook's failure. */
  add(files: readonly PlannedFile[]): void {
    for (const planned of files) this.put(planned);
  }

  private put(planned: PlannedFile): void {
    const { options } = this;
    if (this.clashes(planned.file, planned.source)) return;
    const before = options.previous(planned.file);
    if (planned.keep) {
      this.seen.set(planned.file, planned.keep);
      this.unchanged += 1;
      return;
    }
    // Encoded once: the same bytes are hashed, measured and written.
    const content = typeof planned.content === 'string' ? this.bytes.encode(planned.content) : planned.content;
    const hash = planned.asset ? planned.asset.hash : sha256(content!);
    const size = content === undefined ? (before?.hash === hash ? before.size : null) : content.byteLength;
    const entry: ManifestEntry = { hash, source: planned.source, inputKey: planned.inputKey, size, detail: planned.detail ?? '' };
    this.seen.set(planned.file, entry);
    if (before?.hash === hash) {
      const onDisk = options.writer.size(planned.file);
      // Same content, and the file on disk is whole: nothing to write.
      if (onDisk !== null && (size === null || onDisk === size)) {
        this.unchanged += 1;
        if (before.inputKey !== entry.inputKey || before.source !== entry.source || before.size !== onDisk || before.detail !== entry.detail) {
          this.upserts.set(planned.file, { ...entry, size: onDisk });
        }
        return;
      }
    }
    try {
      if (!options.dryRun) {
        const data = planned.asset ? readWorkspaceAsset(options.workspaceDir, planned.asset.src) : content!;
        if (options.failAfterWrites !== undefined && Atomics.add(this.writes, 0, 1) >= options.failAfterWrites) throw new InjectedFailure(options.failAfterWrites);
        options.writer.write(planned.file, data);
        entry.size = data.byteLength;
      }
      this.written.push(planned.file);
      this.upserts.set(planned.file, entry);
    } catch (error) {
      if (options.failAfterWrites !== undefined) throw error;
      this.errors.push({ path: planned.file, message: error instanceof Error ? error.message : String(error) });
      // Keep the previous entry: the old file is still in place and must not be deleted.
      if (before) this.seen.set(planned.file, before);
      else this.seen.delete(planned.file);
    }
  }
}

/** A workspace image's bytes, checked against the content hash its name carries (see site-assets.ts). */
function readWorkspaceAsset(workspaceDir: string, src: string): Uint8Array {
  const file = assetFileOf(src);
  if (!file) throw new CopydeskError('invalid_input', `Not a workspace asset: ${src}`);
  const bytes = readFileSync(join(workspaceDir, 'assets', file));
  if (!sha256(bytes).startsWith(file.slice(0, 32))) {
    throw new CopydeskError('conflict', `The asset ${file} does not match its content hash; re-insert the image`);
  }
  return bytes;
}
