import { basename } from 'node:path';
import type { IngestResult } from '../../shared/moderation';
import { importFailure } from '../io/import-error';
import { readTextFile } from '../io/text-file';
import type { Workspace } from '../workspace';
import { ingestFile } from './ingest';

/**
 * `copydesk import comments|votes FILE...`: each file is ingested all-or-nothing; the format is
 * NDJSON for *.ndjson / *.jsonl, else detected from the content.
 */
export async function importModerationFiles(
  workspace: Workspace,
  kind: 'comments' | 'votes',
  files: readonly string[],
  source: string,
): Promise<({ file: string; ok: true; result: IngestResult } | { file: string; ok: false; error: Error })[]> {
  const reports = [];
  for (const file of files) {
    try {
      const text = await readTextFile(file);
      const format = /\.(ndjson|jsonl)$/i.test(file) ? 'ndjson' : 'auto';
      reports.push({ file, ok: true as const, result: ingestFile(workspace, kind, text, source, basename(file), format) });
    } catch (error) {
      // Every failure names its file, a full disk included, and the next file is still tried.
      reports.push({ file, ok: false as const, error: importFailure(file, error) });
    }
  }
  return reports;
}
