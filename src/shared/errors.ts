/**
 * Errors that cross a process boundary. Hosts (IPC, HTTP) send them as plain data inside a
 * result envelope, because Electron's IPC drops custom properties from thrown errors.
 */
export type ErrorCode =
  | 'invalid_input'
  | 'unknown_call'
  | 'not_found'
  | 'conflict'
  | 'unauthorized'
  | 'internal';

export interface ErrorData {
  code: ErrorCode;
  message: string;
  /** Per-field messages keyed by a dotted path, e.g. `slug` or `questions.2.question`. */
  fields?: Record<string, string>;
}

export class CopydeskError extends Error {
  readonly code: ErrorCode;
  readonly fields: Record<string, string> | undefined;

  constructor(code: ErrorCode, message: string, fields?: Record<string, string>) {
    super(message);
    this.name = 'CopydeskError';
    this.code = code;
    this.fields = fields;
  }

  toData(): ErrorData {
    return this.fields ? { code: this.code, message: this.message, fields: this.fields } : { code: this.code, message: this.message };
  }
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorData };

/** Turns zod-style issues into `{ 'a.b': message }`, first message per path wins. */
export function fieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || '(root)';
    fields[key] ??= issue.message;
  }
  return fields;
}
