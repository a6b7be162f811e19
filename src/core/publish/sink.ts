import type { PlannedFile } from './build';
import type { ManifestEntry } from './manifest';
import { runLimited, type SiteWriter } from './output';
import { readWorkspaceAsset, sha256 } from './site-assets';

/** How many file writes are in flight at once: enough to keep the disk busy, few enough to bound memory. */
const WRITE_CONCURRENCY = 8;

export interface SinkOptions {
  writer: SiteWriter;
  workspaceDir: string;
  dryRun: boolean;
  /** The manifest entry a file had after the last publish. */
  previous(file: string): ManifestEntry | undefined;
  /** Test hook: throw after this many files were written, as a crash would. */
  failAfterWrites?: number | undefined;
}

/**
 * Takes planned files, writes those whose content differs from the manifest (or whose size on
 * disk does not match it: a file cut short by a power loss, since output is not fsynced), and
 * records what the manifest should say afterwards. Writes of one batch run while the caller
 * renders the next: `add` waits only for the batch before it, so at most two batches of HTML
 * are in memory.
 */
export class FileSink {
  readonly seen = new Map<string, ManifestEntry>();
  readonly upserts = new Map<string, ManifestEntry>();
  readonly written: string[] = [];
  readonly errors: { path: string; message: string }[] = [];
  unchanged = 0;
  private writes = 0;
  private inflight: Promise<void> = Promise.resolve();

  constructor(private readonly options: SinkOptions) {}

  /** Queues a batch; resolves once the previous batch is on disk (rejects with its failure). */
  async add(files: readonly PlannedFile[]): Promise<void> {
    const tasks: (() => Promise<void>)[] = [];
    for (const planned of files) {
      const task = this.plan(planned);
      if (task) tasks.push(task);
    }
    const previous = this.inflight;
    const next = previous.then(() => runLimited(tasks, WRITE_CONCURRENCY));
    // Observed by the next add() or flush(); without a handler here a failure would also surface
    // as an unhandled rejection when add() throws the previous batch's error first.
    next.catch(() => undefined);
    this.inflight = next;
    await previous;
  }

  /** Waits for every queued write. */
  flush(): Promise<void> {
    return this.inflight;
  }

  private plan(planned: PlannedFile): (() => Promise<void>) | null {
    const { options } = this;
    const clash = this.seen.get(planned.file);
    if (clash) {
      this.errors.push({ path: planned.file, message: `Two outputs want the same path (${clash.source} and ${planned.source}); check the URL pattern and slugs` });
      return null;
    }
    const before = options.previous(planned.file);
    if (planned.keep) {
      this.seen.set(planned.file, planned.keep);
      this.unchanged += 1;
      return null;
    }
    // Encoded once: the same bytes are hashed, measured and written. The text is then let go (the
    // caller's batch array still points at this object until the previous batch is written).
    const content = typeof planned.content === 'string' ? Buffer.from(planned.content) : planned.content;
    if (typeof planned.content === 'string') planned.content = content;
    const hash = planned.asset ? planned.asset.hash : sha256(content!);
    const size = content === undefined ? (before?.hash === hash ? before.size : null) : content.byteLength;
    const entry: ManifestEntry = { hash, source: planned.source, inputKey: planned.inputKey, size, detail: planned.detail ?? '' };
    this.seen.set(planned.file, entry);
    return async () => {
      if (before?.hash === hash) {
        const onDisk = await options.writer.size(planned.file);
        // Same content, and the file on disk is whole: nothing to write.
        if (onDisk !== null && (size === null || onDisk === size)) {
          this.unchanged += 1;
          if (before.inputKey !== entry.inputKey || before.source !== entry.source || before.size !== entry.size || before.detail !== entry.detail) {
            this.upserts.set(planned.file, { ...entry, size: onDisk });
          }
          return;
        }
      }
      try {
        if (!options.dryRun) {
          const data = planned.asset ? await readWorkspaceAsset(options.workspaceDir, planned.asset.src) : content!;
          if (options.failAfterWrites !== undefined && this.writes >= options.failAfterWrites) throw new Error(`Injected failure after ${this.writes} files`);
          this.writes += 1;
          await options.writer.write(planned.file, data);
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
    };
  }
}
