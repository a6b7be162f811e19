import type { z } from 'zod';
import { CopydeskError, fieldErrors } from '../shared/errors';

/** Parses or throws `invalid_input` with per-field messages; `what` names the thing in the message. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fields = fieldErrors(result.error.issues);
  const first = Object.entries(fields)[0];
  const detail = first ? `: ${first[0]}: ${first[1]}` : '';
  throw new CopydeskError('invalid_input', `Invalid ${what}${detail}`, fields);
}
