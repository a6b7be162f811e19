/**
 * The `source` of comments and votes pulled from a remote target is `target:<target id>`; file
 * imports and the sample use other names. Sync writes it, and the push of decisions and the
 * queue's "Not sent" read it back, so the format lives here once.
 */
const TARGET_SOURCE = /^target:(.+)$/;

export function targetSource(targetId: string): string {
  return `target:${targetId}`;
}

/** The target a source names, or undefined for local sources. */
export function targetOfSource(source: string): string | undefined {
  return TARGET_SOURCE.exec(source)?.[1];
}
