import { calls, isCallName, type CallName, type CallOutput, type ParsedInput } from '../../shared/contract';
import { CopydeskError, fieldErrors, type Envelope } from '../../shared/errors';

/** Field keys whose plain words are not just the key split up. */
const FIELD_WORDS: Record<string, string> = { outputDir: 'output folder', baseUrl: 'base URL', urlPattern: 'URL pattern', loginUrl: 'sign-in URL', liveUrl: 'live votes and comments address', id: 'identifier' };

/** "outputDir" → "output folder", "takeaways.0.content" → "takeaways 1 content": a field named as a person would. */
export function fieldWords(path: string): string {
  return path
    .split('.')
    .map((part) => (/^\d+$/.test(part) ? String(Number(part) + 1) : (FIELD_WORDS[part] ?? part.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase())))
    .join(' ');
}

/** The sentence for input that failed its schema: which field, and what is wrong with it. */
export function invalidInputMessage(path: string, problem: string): string {
  const sentence = /[.!?]$/.test(problem) ? problem : `${problem}.`;
  return path === '(root)' ? `That request was not understood: ${sentence}` : `Check the ${fieldWords(path)}: ${sentence}`;
}

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
    return { ok: false, error: { code: 'invalid_input', message: invalidInputMessage(path, message), fields } };
  }
  try {
    const handler = handlers[name] as (input: unknown) => unknown;
    const value = await handler(parsed.data);
    return { ok: true, value };
  } catch (error) {
    if (error instanceof CopydeskError) return { ok: false, error: error.toData() };
    options.onInternalError?.(name, error);
    return { ok: false, error: { code: 'internal', message: 'Copydesk could not finish that because of an unexpected problem. The details are in its log.' } };
  }
}
