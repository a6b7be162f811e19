import { describe, expect, it } from 'vitest';
import { findMatches, findPlaceholders, preserveCase, replaceAllIn, replaceMatches } from '../../src/shared/text-search';

const loose = { matchCase: false, wholeWord: false };
const texts = (text: string, found: { start: number; end: number }[]) => found.map((m) => text.slice(m.start, m.end));

describe('findMatches', () => {
  it('finds every occurrence, ignoring case unless asked', () => {
    const text = 'Water, water everywhere; WATERS rise.';
    expect(texts(text, findMatches(text, 'water', loose))).toEqual(['Water', 'water', 'WATER']);
    expect(texts(text, findMatches(text, 'water', { matchCase: true, wholeWord: false }))).toEqual(['water']);
  });

  it('whole word skips matches inside longer words, with letters beyond ASCII counting as word characters', () => {
    const text = 'art, party, Art. martial café-art arté';
    expect(texts(text, findMatches(text, 'art', { matchCase: false, wholeWord: true }))).toEqual(['art', 'Art', 'art']);
    expect(findMatches(text, 'art', { matchCase: true, wholeWord: true }).map((m) => m.start)).toEqual([0, text.indexOf('-art') + 1]);
  });

  it('treats the query literally, not as a regular expression', () => {
    expect(findMatches('a.b axb (c) $5', '.', loose)).toEqual([{ start: 1, end: 2 }]);
    expect(findMatches('a.b axb (c) $5', '(c)', loose)).toEqual([{ start: 8, end: 11 }]);
    expect(findMatches('a.b axb (c) $5', '$5', loose)).toEqual([{ start: 12, end: 14 }]);
  });

  it('keeps offsets exact when case folding would change the length', () => {
    const text = 'İstanbul and istanbul';
    const found = findMatches(text, 'istanbul', loose);
    expect(found.at(-1)).toEqual({ start: 13, end: 21 });
  });

  it('finds nothing for an empty query and does not overlap matches', () => {
    expect(findMatches('anything', '', loose)).toEqual([]);
    expect(findMatches('aaaa', 'aa', loose)).toEqual([
      { start: 0, end: 2 },
      { start: 2, end: 4 },
    ]);
  });
});

describe('findPlaceholders (TK)', () => {
  it('finds TK and TKTK standing alone, case-sensitively', () => {
    const text = 'The vote was TK to TKTK. (TK) TK.';
    expect(texts(text, findPlaceholders(text))).toEqual(['TK', 'TKTK', 'TK', 'TK']);
  });

  it('ignores TK inside words and lowercase tk', () => {
    expect(findPlaceholders('A TKO in round two; tk; aTK; TK2; TK_x; TKs')).toEqual([]);
  });

  it('finds TK at the very start and end of a string', () => {
    expect(findPlaceholders('TK')).toEqual([{ start: 0, end: 2 }]);
    expect(findPlaceholders('TK said TK')).toEqual([
      { start: 0, end: 2 },
      { start: 8, end: 10 },
    ]);
  });
});

describe('replacing', () => {
  it('replaces the given matches and leaves the rest of the text alone', () => {
    const text = 'one two one';
    expect(replaceMatches(text, [{ start: 8, end: 11 }], '1')).toBe('one two 1');
    expect(replaceAllIn(text, 'ONE', 'uno', loose)).toEqual({ text: 'uno two uno', count: 2 });
  });

  it('replace all respects match case and whole word', () => {
    expect(replaceAllIn('Rain, rain, rainbow', 'rain', 'snow', { matchCase: true, wholeWord: true })).toEqual({ text: 'Rain, snow, rainbow', count: 1 });
    expect(replaceAllIn('Rain, rain, rainbow', 'rain', 'snow', { matchCase: false, wholeWord: true })).toEqual({ text: 'snow, snow, rainbow', count: 2 });
  });

  it('a replacement containing the query is not searched again', () => {
    expect(replaceAllIn('cat', 'cat', 'cat cat', loose)).toEqual({ text: 'cat cat', count: 1 });
  });
});

describe('preserveCase (issue 15.9)', () => {
  it('issue 15.9: a sentence-opening match keeps its capital', () => {
    expect(preserveCase('Rare earth', 'critical minerals')).toBe('Critical minerals');
    expect(preserveCase('rare earth', 'critical minerals')).toBe('critical minerals');
  });

  it('issue 15.9: all capitals stay capitals, and a title stays a title', () => {
    expect(preserveCase('RARE EARTH', 'critical minerals')).toBe('CRITICAL MINERALS');
    expect(preserveCase('Rare Earth', 'critical minerals')).toBe('Critical Minerals');
    expect(preserveCase('Rare-Earth', 'critical-minerals')).toBe('Critical-Minerals');
  });

  it('issue 15.9: capitals typed in the replacement are kept; a lower-case match takes it as typed', () => {
    expect(preserveCase('rare earth', 'EU minerals')).toBe('EU minerals');
    expect(preserveCase('Rare earth', 'eU minerals')).toBe('EU minerals');
    expect(preserveCase('rare earth', 'Critical minerals')).toBe('Critical minerals');
  });

  it('issue 15.9: reads a lone capital as a capital, and works beyond ASCII', () => {
    expect(preserveCase('A', 'the')).toBe('The');
    expect(preserveCase('Über', 'ärger')).toBe('Ärger');
    expect(preserveCase('ÉTÉ', 'hiver')).toBe('HIVER');
    expect(preserveCase('42', 'forty-two')).toBe('forty-two');
    expect(preserveCase('Rare', '')).toBe('');
  });

  it('issue 15.9: replaceAllIn applies it to each match on its own', () => {
    const text = 'Rare earth exports. Rare Earth Act. rare earth prices. RARE EARTH.';
    const result = replaceAllIn(text, 'rare earth', (matched) => preserveCase(matched, 'critical minerals'), loose);
    expect(result).toEqual({ text: 'Critical minerals exports. Critical Minerals Act. critical minerals prices. CRITICAL MINERALS.', count: 4 });
  });
});
