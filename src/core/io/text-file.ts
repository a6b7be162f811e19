import { readFile } from 'node:fs/promises';
import { ImportFileError } from './import-error';

/**
 * Reads an import file as UTF-8 text, refusing bytes that are not UTF-8 instead of quietly
 * turning them into U+FFFD (what `readFile(file, 'utf8')` does). The error names the file, the
 * line and the byte offset, and shows the offending byte as a hex number, never the raw byte.
 */
export async function readTextFile(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ImportFileError(file, READ_PROBLEMS[code ?? ''] ?? 'the file cannot be read');
  }
  return decodeUtf8(bytes, file);
}

const READ_PROBLEMS: Record<string, string> = {
  ENOENT: 'file not found',
  EACCES: 'you do not have permission to read this file',
  EPERM: 'you do not have permission to read this file',
  EISDIR: 'this is a folder, not a file',
};

/** Decodes UTF-8 (a leading BOM is dropped), or throws an ImportFileError with the position. */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    let line = 1;
    for (let i = 0; i < offset; i += 1) if (bytes[i] === 0x0a) line += 1;
    const byte = bytes[offset] === undefined ? 'the file ends in the middle of a character' : `byte 0x${bytes[offset]!.toString(16).toUpperCase().padStart(2, '0')} does not start a valid character`;
    throw new ImportFileError(file, `not valid UTF-8 text at byte offset ${offset}: ${byte}; save the file as UTF-8 and import it again`, { line });
  }
}

/**
 * The offset of the first byte of the first malformed UTF-8 sequence (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF), or -1. Only called once TextDecoder has said
 * the bytes are bad, to say where.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    const rule = SEQUENCES.find((s) => lead >= s.from && lead <= s.to);
    if (!rule) return i;
    const [low, high] = rule.second;
    const second = bytes[i + 1];
    if (second === undefined || second < low || second > high) return i;
    for (let k = 2; k <= rule.trailing; k += 1) {
      const next = bytes[i + k];
      if (next === undefined || next < 0x80 || next > 0xbf) return i;
    }
    i += rule.trailing + 1;
  }
  return -1;
}

/** Lead byte ranges, how many bytes follow, and the allowed range of the first that follows. */
const SEQUENCES: { from: number; to: number; trailing: number; second: [number, number] }[] = [
  { from: 0xc2, to: 0xdf, trailing: 1, second: [0x80, 0xbf] },
  { from: 0xe0, to: 0xe0, trailing: 2, second: [0xa0, 0xbf] },
  { from: 0xe1, to: 0xec, trailing: 2, second: [0x80, 0xbf] },
  { from: 0xed, to: 0xed, trailing: 2, second: [0x80, 0x9f] },
  { from: 0xee, to: 0xef, trailing: 2, second: [0x80, 0xbf] },
  { from: 0xf0, to: 0xf0, trailing: 3, second: [0x90, 0xbf] },
  { from: 0xf1, to: 0xf3, trailing: 3, second: [0x80, 0xbf] },
  { from: 0xf4, to: 0xf4, trailing: 3, second: [0x80, 0x8f] },
];
