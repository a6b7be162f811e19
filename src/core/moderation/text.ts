import { hash } from 'node:crypto';
import { sameTextKey } from '../../shared/moderation-rules/text';

// The matching form lives in shared/ (the site screens comments with it too); re-exported for core's callers.
export { countLinks, normaliseForMatch, words } from '../../shared/moderation-rules/text';

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
 * Hash of a comment's words (its words(text)), so "same text" ignores case, accents, punctuation
 * and spacing. Callers pass the words they already computed for the phrase rules.
 */
export function hashWords(textWords: readonly string[]): string {
  return hash('sha256', sameTextKey(textWords), 'base64url').slice(0, 22);
}
