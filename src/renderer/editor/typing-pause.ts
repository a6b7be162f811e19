/**
 * How long the writer must stop typing before work derived from the whole article runs: word
 * counts, "TK" highlights and the pre-publish checklist each scan every editor (several
 * milliseconds on a 20,000-word article). Run between keys of a steady typist (50–200 ms apart),
 * that work delays the next key whenever it lands during it, which showed as the slow tail of
 * keystroke-to-paint in bench/editor.ts. A pause this long is a writer stopping, not the gap
 * between two letters, so the derived displays still follow within half a second.
 * The live preview keeps its own, shorter delay: it promises to be fresh 300 ms after the last key.
 */
export const TYPING_PAUSE_MS = 400;
