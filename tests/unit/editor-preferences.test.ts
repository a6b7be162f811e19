import { describe, expect, it } from 'vitest';
import { DEFAULT_PREFERENCES, loadPreferences, PREFERENCES_KEY, savePreferences, spellcheckAttributes } from '../../src/renderer/features/help/preferences';

/** A Storage stand-in holding one value (the renderer's localStorage in the app). */
function storage(initial?: string) {
  const values = new Map<string, string>(initial === undefined ? [] : [[PREFERENCES_KEY, initial]]);
  return { getItem: (key: string) => values.get(key) ?? null, setItem: (key: string, value: string) => void values.set(key, value) };
}

describe('editor preferences (issue 15.12)', () => {
  it('issue 15.12: round-trip through storage', () => {
    const store = storage();
    expect(loadPreferences(store)).toEqual(DEFAULT_PREFERENCES);
    savePreferences({ theme: 'dark', fontSize: 'large', spellcheck: 'de' }, store);
    expect(loadPreferences(store)).toEqual({ theme: 'dark', fontSize: 'large', spellcheck: 'de' });
  });

  it('issue 15.12: an unknown or hand-edited value falls back for that field only; junk falls back entirely', () => {
    expect(loadPreferences(storage(JSON.stringify({ theme: 'sepia', fontSize: 'large', spellcheck: 'xx' })))).toEqual({ theme: 'system', fontSize: 'large', spellcheck: 'system' });
    expect(loadPreferences(storage('{not json'))).toEqual(DEFAULT_PREFERENCES);
    expect(loadPreferences(storage('null'))).toEqual(DEFAULT_PREFERENCES);
    expect(loadPreferences(null)).toEqual(DEFAULT_PREFERENCES);
  });

  it('issue 15.12: spell check off, in the system languages, or in a chosen language', () => {
    expect(spellcheckAttributes({ ...DEFAULT_PREFERENCES, spellcheck: 'off' })).toEqual({ spellCheck: false, lang: undefined });
    expect(spellcheckAttributes(DEFAULT_PREFERENCES)).toEqual({ spellCheck: true, lang: undefined });
    expect(spellcheckAttributes({ ...DEFAULT_PREFERENCES, spellcheck: 'pt-BR' })).toEqual({ spellCheck: true, lang: 'pt-BR' });
  });
});
