import { useSyncExternalStore } from 'react';
import { z } from 'zod';

/**
 * Editor preferences belong to the person, not the workspace: they live in the renderer's
 * storage (localStorage: per browser profile in the web build, and in the desktop app's
 * per-user data folder), never in copydesk.db, which a newsroom may share.
 */
export const PREFERENCES_KEY = 'copydesk.editor-preferences';

export const THEMES = [
  { value: 'system', label: 'Same as the system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
] as const;

export const FONT_SIZES = [
  { value: 'small', label: 'Small', css: '1rem' },
  { value: 'medium', label: 'Medium', css: '1.08rem' },
  { value: 'large', label: 'Large', css: '1.25rem' },
  { value: 'x-large', label: 'Extra large', css: '1.45rem' },
] as const;

/** "system": spell check on, in the browser's or system's languages; otherwise a BCP 47 tag. */
export const SPELLCHECK_LANGUAGES = [
  { value: 'system', label: 'On, in the system’s languages' },
  { value: 'off', label: 'Off' },
  { value: 'en-US', label: 'English (US)' },
  { value: 'en-GB', label: 'English (UK)' },
  { value: 'de', label: 'German' },
  { value: 'es', label: 'Spanish' },
  { value: 'fr', label: 'French' },
  { value: 'it', label: 'Italian' },
  { value: 'nl', label: 'Dutch' },
  { value: 'pt-BR', label: 'Portuguese (Brazil)' },
] as const;

type Values<T extends readonly { value: string }[]> = T[number]['value'];
const values = <T extends readonly { value: string }[]>(options: T) => options.map((option) => option.value) as [Values<T>, ...Values<T>[]];

const PreferencesSchema = z.object({
  theme: z.enum(values(THEMES)).catch('system'),
  fontSize: z.enum(values(FONT_SIZES)).catch('medium'),
  spellcheck: z.enum(values(SPELLCHECK_LANGUAGES)).catch('system'),
});

export type EditorPreferences = z.infer<typeof PreferencesSchema>;
export type Theme = EditorPreferences['theme'];

export const DEFAULT_PREFERENCES: EditorPreferences = { theme: 'system', fontSize: 'medium', spellcheck: 'system' };

/** The stored preferences; anything unreadable (another version, a hand edit) falls back per field. */
export function loadPreferences(storage: Pick<StorageLike, 'getItem'> | null = safeStorage()): EditorPreferences {
  try {
    const raw = storage?.getItem(PREFERENCES_KEY);
    if (!raw) return DEFAULT_PREFERENCES;
    const parsed = PreferencesSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : DEFAULT_PREFERENCES;
  } catch {
    return DEFAULT_PREFERENCES;
  }
}

export function savePreferences(preferences: EditorPreferences, storage: Pick<StorageLike, 'setItem'> | null = safeStorage()): void {
  try {
    storage?.setItem(PREFERENCES_KEY, JSON.stringify(preferences));
  } catch {
    // Storage full or disabled: the choice still applies until the page closes.
  }
}

/** What is used of localStorage (typed here so unit tests under Node can pass their own). */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

function safeStorage(): StorageLike | null {
  try {
    // Reading localStorage throws where storage is disabled.
    return (globalThis as { localStorage?: StorageLike }).localStorage ?? null;
  } catch {
    return null;
  }
}

/** The `spellcheck` and `lang` attributes for editable text under these preferences. */
export function spellcheckAttributes(preferences: EditorPreferences): { spellCheck: boolean; lang: string | undefined } {
  const { spellcheck } = preferences;
  return { spellCheck: spellcheck !== 'off', lang: spellcheck === 'off' || spellcheck === 'system' ? undefined : spellcheck };
}

/** The preferences as a store: read once from storage, saved and announced on each change. */
let current: EditorPreferences | null = null;
const listeners = new Set<() => void>();

export function getPreferences(): EditorPreferences {
  current ??= loadPreferences();
  return current;
}

export function setPreferences(next: EditorPreferences): void {
  current = next;
  savePreferences(next);
  for (const listener of [...listeners]) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The preferences, re-rendering the caller when they change (no provider needed). */
export function usePreferences(): EditorPreferences {
  return useSyncExternalStore(subscribe, getPreferences);
}
