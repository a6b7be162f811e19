/**
 * Where and why JSON text is not valid, in words that never quote the text itself. V8's
 * JSON.parse messages have no position for an unexpected token and echo the start of the text
 * ("Unexpected token '\u0000', "\u0000\u0001…" is not valid JSON"), which for a binary file is
 * garbage on the terminal. This scanner is only run after JSON.parse has failed, to say where.
 * It is a loop with an explicit stack, so hostile nesting cannot exhaust the call stack.
 */
export interface JsonSyntaxProblem {
  /** Offset in the text (UTF-16 code units) of the first character that cannot be there. */
  offset: number;
  line: number;
  column: number;
  problem: string;
}

export function findJsonSyntaxProblem(text: string): JsonSyntaxProblem | null {
  const offset = firstJsonError(text);
  if (offset < 0) return null;
  const before = text.slice(0, offset).split(/\r\n?|\n/);
  const line = before.length;
  const column = before.at(-1)!.length + 1;
  const problem = offset >= text.length ? 'the file ends before the JSON does' : `unexpected ${describeCharacter(text.codePointAt(offset)!)}`;
  return { offset, line, column, problem };
}

/** A character as a person can read it: printable ASCII in quotes, anything else as U+XXXX. */
export function describeCharacter(code: number): string {
  if (code >= 0x21 && code <= 0x7e) return `"${String.fromCodePoint(code)}"`;
  return `character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

/** The offset of the first syntax error, or -1 when the text is valid JSON. */
function firstJsonError(text: string): number {
  const stack: ('{' | '[')[] = [];
  let i = 0;
  let state: 'value' | 'key' | 'after' = 'value';
  const skip = () => {
    while (i < text.length && WHITESPACE.has(text[i]!)) i += 1;
  };
  /** Moves past a string starting at i; returns false where it goes wrong (i points there). */
  const string = (): boolean => {
    i += 1;
    while (i < text.length) {
      const c = text[i]!;
      if (c === '"') {
        i += 1;
        return true;
      }
      if (c < ' ') return false;
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return false;
          i += 6;
          continue;
        }
        if (e === undefined || !ESCAPES.has(e)) return false;
        i += 2;
        continue;
      }
      i += 1;
    }
    return false;
  };
  for (;;) {
    skip();
    if (state === 'value') {
      const c = text[i];
      if (c === '{' || c === '[') {
        stack.push(c);
        i += 1;
        skip();
        if (text[i] === (c === '{' ? '}' : ']')) {
          i += 1;
          stack.pop();
          state = 'after';
        } else state = c === '{' ? 'key' : 'value';
      } else if (c === '"') {
        if (!string()) return i;
        state = 'after';
      } else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
        NUMBER.lastIndex = i;
        if (!NUMBER.test(text)) return i;
        i = NUMBER.lastIndex;
        state = 'after';
      } else {
        const word = ['true', 'false', 'null'].find((w) => text.startsWith(w, i));
        if (!word) return i;
        i += word.length;
        state = 'after';
      }
    } else if (state === 'key') {
      if (text[i] !== '"' || !string()) return i;
      skip();
      if (text[i] !== ':') return i;
      i += 1;
      state = 'value';
    } else {
      const top = stack.at(-1);
      if (top === undefined) return i < text.length ? i : -1;
      const c = text[i];
      if (c === ',') {
        i += 1;
        state = top === '{' ? 'key' : 'value';
      } else if (c === (top === '{' ? '}' : ']')) {
        i += 1;
        stack.pop();
      } else return i;
    }
  }
}
