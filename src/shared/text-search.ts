/**
 * Pure text matching for the writing helpers: find (and replace) with "Match case" / "Whole
 * word", and the "TK" placeholder check. No DOM here, so the same rules are unit-tested under
 * Node and used by every editor in the renderer.
 */

export interface TextMatch {
  /** UTF-16 offsets into the searched string, end exclusive. */
  start: number;
  end: number;
}

export interface FindOptions {
  matchCase: boolean;
  wholeWord: boolean;
}

/** What counts as part of a word when "Whole word" is on: letters, digits and underscore. */
const WORD_CHAR = '[\\p{L}\\p{N}\\p{M}_]';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The regular expression for a query. Case-insensitive matching lets the engine fold case on
 * the original text, so offsets stay exact even where lowercasing would change lengths ("İ").
 */
export function queryPattern(query: string, options: FindOptions): RegExp | null {
  if (query === '') return null;
  const body = escapeRegExp(query);
  const source = options.wholeWord ? `(?<!${WORD_CHAR})${body}(?!${WORD_CHAR})` : body;
  return new RegExp(source, options.matchCase ? 'gu' : 'giu');
}

function allMatches(text: string, pattern: RegExp | null): TextMatch[] {
  if (!pattern) return [];
  const found: TextMatch[] = [];
  pattern.lastIndex = 0;
  for (const match of text.matchAll(pattern)) {
    if (match[0] === '') continue;
    found.push({ start: match.index, end: match.index + match[0].length });
  }
  return found;
}

/** Every non-overlapping occurrence of `query` in `text`, left to right. An empty query finds nothing. */
export function findMatches(text: string, query: string, options: FindOptions): TextMatch[] {
  return allMatches(text, queryPattern(query, options));
}

/**
 * "TK" ("to come") marks a fact still missing. It is the capital letters on their own, repeated
 * or not ("TK", "TKTK"), never part of a longer word ("TKO", "aTK") and never lowercase.
 */
const TK_PATTERN = new RegExp(`(?<!${WORD_CHAR})(?:TK)+(?!${WORD_CHAR})`, 'gu');

export function findPlaceholders(text: string): TextMatch[] {
  return allMatches(text, TK_PATTERN);
}

/** What replaces a match: the same text for each, or text worked out from the matched words. */
export type Replacement = string | ((matched: string) => string);

function replacementFor(replacement: Replacement, matched: string): string {
  return typeof replacement === 'string' ? replacement : replacement(matched);
}

/** `text` with the given matches (sorted, non-overlapping) replaced by `replacement`. */
export function replaceMatches(text: string, matches: readonly TextMatch[], replacement: Replacement): string {
  let out = '';
  let at = 0;
  for (const { start, end } of matches) {
    if (start < at) continue; // overlapping or unsorted input: keep the first
    out += text.slice(at, start) + replacementFor(replacement, text.slice(start, end));
    at = end;
  }
  return out + text.slice(at);
}

/** Replace every occurrence; returns the new text and how many were replaced. */
export function replaceAllIn(text: string, query: string, replacement: Replacement, options: FindOptions): { text: string; count: number } {
  const matches = findMatches(text, query, options);
  return { text: matches.length ? replaceMatches(text, matches, replacement) : text, count: matches.length };
}

const isUpper = (text: string) => text !== text.toLowerCase() && text === text.toUpperCase();
const startsUpper = (word: string) => isUpper(word.charAt(0));
const capitalize = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/**
 * The replacement written in the case pattern of the text it replaces, as VS Code's "preserve
 * case" does: replacing "rare earth" with "critical minerals" gives "Critical minerals" at the
 * start of a sentence, "CRITICAL MINERALS" in a shouted label and "Critical Minerals" in a
 * title. A match in lower case (or with no letters) takes the replacement as typed, so a name
 * typed with capitals ("EU rules") keeps them; only a capital the match has is added.
 */
export function preserveCase(matched: string, replacement: string): string {
  const letters = matched.replace(/[^\p{L}]/gu, '');
  // "A" on its own could be a capital or a shout; a capital is the likelier reading.
  if (letters.length > 1 && isUpper(letters)) return replacement.toUpperCase();
  const words = matched.split(/(?<=[\s\-_])/u).filter((word) => /\p{L}/u.test(word));
  if (words.length > 1 && words.every(startsUpper)) return replacement.split(/(?<=[\s\-_])/u).map(capitalize).join('');
  const first = words[0]?.match(/\p{L}/u)?.[0] ?? '';
  return isUpper(first) ? replacement.replace(/\p{L}/u, (letter) => letter.toUpperCase()) : replacement;
}
