import type { CDPSession, Page } from '@playwright/test';

/**
 * Key-to-screen latency as Chromium itself measures it. For every input event the browser
 * records an `EventLatency` trace event (category "benchmark"; the same data behind Chrome's
 * Event.Latency metrics and DevTools' interaction track): it begins when the browser process
 * creates the input event (for a real keyboard, the OS timestamp) and ends when the compositor
 * frame that contains the event's effect is presented, with the stages in between as nested
 * events. So the span covers delivery to the renderer, waiting for the main thread, the page's
 * handlers, waiting for the next frame, rendering, raster and display, and nothing before the
 * event exists (Playwright and CDP deliver the command before the browser creates the event).
 */

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  pid: number;
  id?: string;
  id2?: { local?: string };
  args?: { event_latency?: { event_type?: string } };
}

export interface KeyLatency {
  /** Event created in the browser → frame presented. */
  totalMs: number;
  /** Event created → the renderer's main thread starts handling it (IPC, plus waiting for a busy main thread). */
  toMainMs: number;
  /** The page's handlers for the key (keydown, keypress, beforeinput, input and their microtasks). */
  handlersMs: number;
  /** Handlers done → presented: waiting for the next frame, style/layout/paint, commit, raster, draw. */
  frameMs: number;
}

/** Starts a trace with only the "benchmark" category (EventLatency and its stages; low overhead). */
export async function startLatencyTrace(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Tracing.start', { categories: 'benchmark', transferMode: 'ReturnAsStream' });
  return cdp;
}

/** Ends the trace and returns one entry per key press (KEY_PRESSED), in order. */
export async function stopLatencyTrace(cdp: CDPSession): Promise<KeyLatency[]> {
  const complete = new Promise<{ stream?: string }>((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.end');
  const { stream } = await complete;
  if (!stream) throw new Error('trace returned no stream');
  let text = '';
  for (;;) {
    const chunk = await cdp.send('IO.read', { handle: stream, size: 1 << 20 });
    text += chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString() : chunk.data;
    if (chunk.eof) break;
  }
  await cdp.send('IO.close', { handle: stream });
  await cdp.detach();
  const parsed = JSON.parse(text) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  return keyLatencies(Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []));
}

interface Open {
  type: string;
  start: number;
  end?: number;
  stageStart: Map<string, number>;
  stageEnd: Map<string, number>;
}

export function keyLatencies(events: readonly TraceEvent[]): KeyLatency[] {
  const open = new Map<string, Open>();
  const done: Open[] = [];
  for (const event of [...events].sort((a, b) => a.ts - b.ts)) {
    const local = event.id2?.local ?? event.id;
    if (local === undefined || (event.ph !== 'b' && event.ph !== 'e')) continue;
    const id = `${event.pid}:${local}`;
    if (event.name === 'EventLatency') {
      if (event.ph === 'b') {
        open.set(id, { type: event.args?.event_latency?.event_type ?? '', start: event.ts, stageStart: new Map(), stageEnd: new Map() });
      } else {
        const latency = open.get(id);
        if (latency) {
          latency.end = event.ts;
          done.push(latency);
          open.delete(id);
        }
      }
      continue;
    }
    const latency = open.get(id); // a stage, nested in its EventLatency by id
    if (!latency) continue;
    (event.ph === 'b' ? latency.stageStart : latency.stageEnd).set(event.name, event.ts);
  }
  return done
    .filter((latency) => latency.type === 'KEY_PRESSED' && latency.end !== undefined)
    .sort((a, b) => a.start - b.start)
    .map((latency) => {
      const ms = (us: number) => us / 1000;
      const total = ms(latency.end! - latency.start);
      const mainStart = latency.stageStart.get('RendererMainProcessing');
      const mainEnd = latency.stageEnd.get('RendererMainProcessing');
      if (mainStart === undefined || mainEnd === undefined) return { totalMs: total, toMainMs: NaN, handlersMs: NaN, frameMs: NaN };
      return { totalMs: total, toMainMs: ms(mainStart - latency.start), handlersMs: ms(mainEnd - mainStart), frameMs: ms(latency.end! - mainEnd) };
    });
}
