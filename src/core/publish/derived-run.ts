import { derivedFiles, type SiteContext } from './build';
import type { ManifestEntry } from './manifest';
import { fileForPath } from './paths';
import type { FileSink } from './sink';

/** What became of the listing pages, feeds and sitemap of a full build (plain data: it crosses from a render worker). */
export interface DerivedResult {
  files: { file: string; entry: ManifestEntry; upsert: ManifestEntry | null; written: boolean }[];
  unchanged: number;
  errors: { path: string; message: string }[];
}

/**
 * Renders and writes the listing pages, feeds and sitemap of a full build through `sink` (a
 * render worker's own, or the publisher's when it works alone) and reports them. Article paths
 * are reserved first, so a listing page can never take one. Reads every summary: in a render
 * worker, so the publisher's thread never holds the whole site.
 */
export function runDerived(ctx: SiteContext, sink: FileSink): DerivedResult {
  for (const summary of ctx.summaries) sink.reserve(fileForPath(ctx.pathOf(summary)), `article:${summary.id}`);
  const files: string[] = [];
  for (const file of derivedFiles(ctx)) {
    files.push(file.file);
    sink.add([file]);
  }
  const written = new Set(sink.written);
  return {
    files: files.flatMap((file) => {
      const entry = sink.seen.get(file);
      return entry ? [{ file, entry, upsert: sink.upserts.get(file) ?? null, written: written.has(file) }] : [];
    }),
    unchanged: sink.unchanged,
    errors: sink.errors,
  };
}
