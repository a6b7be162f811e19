import { describe, expect, it } from 'vitest';
import { createHandlers } from '../../src/core/api/handlers';
import { dispatch } from '../../src/core/api/dispatch';
import { calls, CALL_NAMES, EVENT_NAMES, events } from '../../src/shared/contract';
import { tempWorkspace } from './helpers';

describe('dispatch', () => {
  it('rejects unknown call names, including prototype keys', async () => {
    const handlers = createHandlers(tempWorkspace());
    for (const name of ['nope:nope', '__proto__', 'constructor', 'toString', 42, null]) {
      const result = await dispatch(handlers, name, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
    }
  });

  it('rejects inputs of the wrong type with field errors', async () => {
    const handlers = createHandlers(tempWorkspace());
    const result = await dispatch(handlers, 'articles:list', { status: 'everything', limit: 'ten' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: { status: expect.any(String), limit: expect.any(String) } } });
    expect(await dispatch(handlers, 'articles:get', 'id')).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await dispatch(handlers, 'articles:get', { id: 'x', extra: true })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('runs valid calls and passes domain errors through', async () => {
    const ws = tempWorkspace();
    const handlers = createHandlers(ws);
    const created = await dispatch(handlers, 'articles:create', { headline: 'Via dispatch' });
    expect(created).toMatchObject({ ok: true, value: { headline: 'Via dispatch', slug: 'via-dispatch' } });
    expect(await dispatch(handlers, 'articles:get', { id: 'missing' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('hides internal error details from the caller', async () => {
    const ws = tempWorkspace();
    const handlers = createHandlers(ws);
    ws.close();
    const logged: unknown[] = [];
    const result = await dispatch(handlers, 'articles:list', {}, { onInternalError: (_n, e) => logged.push(e) });
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toMatch(/database|sqlite/i);
    expect(logged).toHaveLength(1);
  });
});

describe('contract', () => {
  it('names every call and event exactly once, as area:verb', () => {
    expect([...CALL_NAMES].sort()).toEqual(Object.keys(calls).sort());
    expect([...EVENT_NAMES].sort()).toEqual(Object.keys(events).sort());
    for (const name of [...CALL_NAMES, ...EVENT_NAMES]) expect(name).toMatch(/^[a-z]+:[a-z][A-Za-z]*$/);
  });
});
