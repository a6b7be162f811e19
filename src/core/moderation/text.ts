import { hash } from 'node:crypto';

/**
 * Text handling for untrusted reader input. Everything here is a single left-to-right pass (no
 * backtracking regexes), so a hostile megabyte costs milliseconds, never minutes.
 */

// Elements whose content is never text a reader meant to show.
const DROP_CONTENT = new Set(['script', 'style', 'template', 'noscript', 'iframe', 'object', 'svg', 'math', 'head', 'title', 'textarea', 'select']);
// Elements that start a new line in the text version.
const BLOCK = new Set([
  'p', 'div', 'br', 'li', 'ul', 'ol', 'tr', 'table', 'blockquote', 'pre', 'section', 'article', 'header', 'footer',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'dd', 'dt', 'dl', 'figure', 'figcaption',
]);

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', shy: '', ndash: '–', mdash: '—', hellip: '…',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«', raquo: '»', copy: '©', reg: '®', trade: '™', euro: '€',
  pound: '£', yen: '¥', cent: '¢', deg: '°', middot: '·', bull: '•', times: '×', divide: '÷', sect: '§', para: '¶',
  eacute: 'é', egrave: 'è', ecirc: 'ê', aacute: 'á', agrave: 'à', acirc: 'â', auml: 'ä', ouml: 'ö', uuml: 'ü', szlig: 'ß',
  ccedil: 'ç', ntilde: 'ñ', oacute: 'ó', iacute: 'í', uacute: 'ú', Eacute: 'É', Auml: 'Ä', Ouml: 'Ö', Uuml: 'Ü',
};

/** Decodes character references: numeric ones fully, named ones from a common subset (others stay as written). */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const amp = text.indexOf('&', i);
    if (amp === -1) break;
    out += text.slice(i, amp);
    const semi = text.indexOf(';', amp);
    const ref = semi !== -1 && semi - amp <= 32 ? text.slice(amp + 1, semi) : null;
    let decoded: string | null = null;
    if (ref !== null && ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      if (Number.isInteger(code) && code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)) decoded = String.fromCodePoint(code);
    } else if (ref !== null && Object.hasOwn(NAMED_ENTITIES, ref)) {
      decoded = NAMED_ENTITIES[ref]!;
    }
    if (decoded === null) {
      out += '&';
      i = amp + 1;
    } else {
      out += decoded;
      i = (semi as number) + 1;
    }
  }
  return out + text.slice(i);
}

/**
 * HTML → plain text with a small tokenizer: tags are dropped (block tags become line breaks),
 * script/style-like elements lose their content, comments vanish, entities are decoded. The result
 * is text: `<` in it is just a character, which the UI escapes like any other.
 */
export function htmlToText(html: string): string {
  let out = '';
  let i = 0;
  let dropUntil: string | null = null;
  const n = html.length;
  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt === -1) {
      if (dropUntil === null) out += decodeEntities(html.slice(i));
      break;
    }
    if (dropUntil === null) out += decodeEntities(html.slice(i, lt));
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end === -1 ? n : end + 3;
      continue;
    }
    const gt = html.indexOf('>', lt + 1);
    if (gt === -1) {
      // An unterminated tag: what follows is not markup, keep it as text.
      if (dropUntil === null) out += html.slice(lt);
      break;
    }
    const inner = html.slice(lt + 1, gt);
    const closing = inner.startsWith('/');
    let end = closing ? 1 : 0;
    while (end < inner.length && /[A-Za-z0-9-]/.test(inner[end]!)) end += 1;
    const name = inner.slice(closing ? 1 : 0, end).toLowerCase();
    i = gt + 1;
    if (name === '') {
      // `<` followed by something that is not a tag name (e.g. "a < b > c"): keep it as text.
      if (dropUntil === null) out += decodeEntities(html.slice(lt, gt + 1));
      continue;
    }
    if (dropUntil !== null) {
      if (closing && name === dropUntil) dropUntil = null;
      continue;
    }
    if (!closing && DROP_CONTENT.has(name) && !inner.endsWith('/')) {
      dropUntil = name;
      continue;
    }
    if (BLOCK.has(name)) out += '\n';
  }
  return out.replace(/[ \t]*\n[ \t\n]*\n/g, '\n\n').trim();
}

/**
 * Makes text inert and single-meaning: drops C0/C1 control characters (except tab and newline)
 * and the bidirectional embedding/override/isolate controls, which could make a comment display
 * differently from what it says (e.g. "gnp.exe" spoofing with U+202E). Newlines are normalised.
 */
export function cleanPlainText(text: string): string {
  // Almost every text has none of what is dropped or replaced: return it as it is, without the
  // character-by-character copy below (a large part of ingest's per-comment cost).
  if (!NEEDS_CLEANING.test(text)) return text;
  let out = '';
  const normalised = text.replace(/\r\n?/g, '\n');
  for (let i = 0; i < normalised.length; i += 1) {
    const code = normalised.charCodeAt(i);
    if (isInvisibleControl(code)) continue;
    out += normalised[i];
  }
  return out.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** Any character cleanPlainText changes: \r, what isInvisibleControl drops, any surrogate (paired or not). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NEEDS_CLEANING = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]/;

/** C0/C1 controls except tab and newline, bidi embeddings/overrides/isolates, and the BOM. */
function isInvisibleControl(code: number): boolean {
  return (
    (code < 0x20 && code !== 0x09 && code !== 0x0a) ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069) ||
    code === 0xfeff
  );
}

/** Cuts text to `max` characters without splitting a surrogate pair. */
export function truncate(text: string, max: number): { text: string; truncated: boolean } {
  if (text.length <= max) return { text, truncated: false };
  let cut = max;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return { text: text.slice(0, cut), truncated: true };
}

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
 * Hash of a comment's words (its words(text)), so "same text" ignores case, accents, punctuation
 * and spacing. Callers pass the words they already computed for the phrase rules.
 */
export function hashWords(textWords: readonly string[]): string {
  return hash('sha256', textWords.join(' '), 'base64url').slice(0, 22);
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
