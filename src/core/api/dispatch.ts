import { calls, isCallName, type CallName, type CallOutput, type ParsedInput } from '../../shared/contract';
import { CopydeskError, fieldErrors, type Envelope } from '../../shared/errors';

export type Handlers = {
  [K in CallName]: (input: ParsedInput<K>) => CallOutput<K> | Promise<CallOutput<K>>;
};

export interface DispatchOptions {
  /** Where unexpected errors are reported; their details never reach the caller. */
  onInternalError?: (name: string, error: unknown) => void;
}

/**
 * The single entry point both hosts use: check the call name against the contract, parse the
 * untrusted input with its schema, run the handler, and wrap the outcome in an envelope.
 */
export async function dispatch(handlers: Handlers, name: unknown, rawInput: unknown, options: DispatchOptions = {}): Promise<Envelope<unknown>> {
  if (!isCallName(name)) {
    return { ok: false, error: { code: 'unknown_call', message: `Unknown call ${JSON.stringify(String(name)).slice(0, 80)}` } };
  }
  const parsed = calls[name].input.safeParse(rawInput);
  if (!parsed.success) {
    const fields = fieldErrors(parsed.error.issues);
    const [path, message] = Object.entries(fields)[0] ?? ['(root)', 'invalid'];
    return { ok: false, error: { code: 'invalid_input', message: `Invalid input for ${name}: ${path}: ${message}`, fields } };
  }
  try {
    const handler = handlers[name] as (input: unknown) => unknown;
    const value = await handler(parsed.data);
    return { ok: true, value };
  } catch (error) {
    if (error instanceof CopydeskError) return { ok: false, error: error.toData() };
    options.onInternalError?.(name, error);
    return { ok: false, error: { code: 'internal', message: `Copydesk could not complete ${name}. Details are in the log.` } };
  }
}
