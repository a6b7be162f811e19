/**
 * The matching form of reader text, shared by the desktop's rule evaluation and the site's
 * screening at submit, so both decide "the same words" and "a link" identically. Pure: no
 * node:* (the hash of the desktop's repeat detection stays in core, over sameTextKey).
 */

/**
 * The matching form of text: NFKD, combining marks stripped, case folded (upper-then-lower maps
 * "ß" to "ss" like full case folding). Both rules and comments pass through it.
 */
export function normaliseForMatch(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toUpperCase().toLowerCase();
}

/** Words of the matching form: runs of letters and digits. */
export function words(text: string): string[] {
  // ASCII text (most comments): NFKD and mark stripping change nothing, case folding is
  // toLowerCase, and the only letters and digits are [a-z0-9]: the same words, several times faster.
  if (ASCII.test(text)) return text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  return normaliseForMatch(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

// eslint-disable-next-line no-control-regex -- the ASCII range starts at U+0000
const ASCII = /^[\x00-\x7f]*$/;

/**
 * What "the same text" compares: a comment's words joined by one space, so case, accents,
 * punctuation and spacing do not make a repeated comment look new. The desktop stores a hash of
 * it; the site compares it with a reader's recent comments.
 */
export function sameTextKey(textWords: readonly string[]): string {
  return textWords.join(' ');
}

const LINK_START = /https?:\/\/|www\./i;

/** Links a reader put in a comment: http(s) URLs and bare www. hosts, parsed with `new URL`. */
export function countLinks(text: string): number {
  // A token can only count if the text contains one of these in some case (checked per token below
  // after toLowerCase, which maps no non-ASCII character to these letters): most texts skip the split.
  if (!LINK_START.test(text)) return 0;
  let count = 0;
  for (const token of text.split(/\s+/)) {
    const lower = token.toLowerCase();
    const at = lower.search(/https?:\/\/|www\./);
    if (at === -1) continue;
    const candidate = token.slice(at);
    try {
      const url = new URL(candidate.startsWith('www.') ? `http://${candidate}` : candidate);
      if (url.hostname.includes('.')) count += 1;
    } catch {
      // not a URL
    }
  }
  return count;
}
