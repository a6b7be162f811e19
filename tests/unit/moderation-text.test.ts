import { describe, expect, it } from 'vitest';
import { cleanPlainText, countLinks, normaliseForMatch, words } from '../../src/core/moderation/text';

/**
 * text.ts has fast paths for the common case (ASCII words, nothing to clean, no link-like text).
 * They must give exactly what the general code gives: these compare them with the general
 * definitions on inputs that take the fast path and inputs that must not.
 */

// The general definitions, as they were before the fast paths.
const wordsReference = (text: string) => normaliseForMatch(text).match(/[\p{L}\p{N}]+/gu) ?? [];
function cleanReference(text: string): string {
  let out = '';
  for (const ch of text.replace(/\r\n?/g, '\n').split('')) {
    const code = ch.charCodeAt(0);
    const invisible =
      (code < 0x20 && code !== 0x09 && code !== 0x0a) || (code >= 0x7f && code <= 0x9f) || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069) || code === 0xfeff;
    if (!invisible) out += ch;
  }
  return out.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

const ALL_ASCII = Array.from({ length: 128 }, (_, i) => String.fromCharCode(i)).join('');
const samples = [
  '',
  ALL_ASCII,
  'Hello, World! 123 abc_DEF-ghi',
  'Council budget: 2025/26 -- the HARBOR plan.',
  'tab\tand\nnewline\r\nand\rcarriage',
  'bell\u0007 escape\u001b del\u007f c1\u0085 nbsp\u00a0 here',
  'Crème Brûlée STRASSE Straße ｆｕｌｌ',
  'bidi \u202egnp.exe\u202c isolate \u2066x\u2069 bom\ufeff',
  'emoji 😀 pair, lone high \ud83d end, lone low \ude00 end',
  'İstanbul K (Kelvin) ſ long s',
  ' \t leading and trailing \n ',
];

describe('text fast paths give what the general code gives', () => {
  it('words', () => {
    for (const text of samples) expect(words(text)).toEqual(wordsReference(text));
  });

  it('cleanPlainText', () => {
    for (const text of samples) expect(cleanPlainText(text)).toBe(cleanReference(text));
    // Every character that is dropped or replaced, alone and between words.
    for (const code of [0x00, 0x08, 0x0b, 0x0d, 0x1f, 0x7f, 0x80, 0x9f, 0x202a, 0x202e, 0x2066, 0x2069, 0xfeff, 0xd800, 0xdfff]) {
      const text = `a${String.fromCharCode(code)}b`;
      expect(cleanPlainText(text)).toBe(cleanReference(text));
      expect(cleanPlainText(text)).not.toBe(text);
    }
    expect(cleanPlainText('plain text stays the same')).toBe('plain text stays the same');
  });

  it('countLinks finds links in any case, and none where there are none', () => {
    expect(countLinks('see HTTPS://Example.COM/path and www.Example.ORG then http://x.example')).toBe(3);
    expect(countLinks('Hxxp hTtP://a.b www.c.d')).toBe(2);
    expect(countLinks('http://localhost is no public host')).toBe(0);
    expect(countLinks('plain words, www and http only as words')).toBe(0);
    expect(countLinks('')).toBe(0);
  });
});
