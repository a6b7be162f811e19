import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { tempWorkspace } from './helpers';
import { fields, remoteFor } from './remote-helpers';
import { SiteApiServer, type Fault } from '../fixtures/site-api-server';
import { OutboxRepository } from '../../src/core/outbox/repository';
import { enqueueDecision } from '../../src/core/remote/service';
import { OutboxWorker } from '../../src/core/outbox/worker';

type Action = { type: 'publish'; article: number } | { type: 'unpublish'; article: number } | { type: 'moderate'; comment: number } | { type: 'step' };

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ type: fc.constant('publish' as const), article: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ type: fc.constant('unpublish' as const), article: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ type: fc.constant('moderate' as const), comment: fc.integer({ min: 0, max: 3 }) }),
  fc.constant({ type: 'step' as const }),
);
const fault: fc.Arbitrary<Fault> = fc.constantFrom('none', '500', '503', 'hang', 'drop_after_commit', 'reset', 'refuse', 'slow');

describe('outbox property: random actions and fault schedules', () => {
  it('after recovery every queued effect is applied exactly once, in queue order, and the site shows the latest state', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 14 }), fc.array(fault, { maxLength: 12 }), async (actions, faults) => {
        const server = await new SiteApiServer({ faults: [...faults], offlineMs: 15, slowMs: 5 }).start();
        const ws = tempWorkspace();
        try {
          const remote = remoteFor(ws, { COPYDESK_TARGET_SITE_TOKEN: server.token }, { timeoutMs: 60 });
          const target = remote.saveTarget({ name: 'site', kind: 'site', baseUrl: server.url });
          const worker = new OutboxWorker(ws.db, remote.runtime(remote.targets.row(target.id)), { baseDelayMs: 1, maxDelayMs: 4, offlineBaseMs: 2, offlineMaxMs: 8, maxAttempts: 1_000 });
          const ids = [0, 1, 2].map((n) => ws.articles.create({ headline: `Article ${n}` }).id);
          const expected = new Map<string, string | null>();
          let n = 0;
          for (const a of actions) {
            if (a.type === 'step') await worker.step();
            else if (a.type === 'moderate') enqueueDecision(ws.db, target.id, { action: 'approve', commentId: `c${a.comment}`, reason: `r${n++}` });
            else {
              const current = ws.articles.get(ids[a.article]!);
              const headline = `h${n++}`;
              ws.articles.save({ ...fields(current), headline, status: a.type === 'publish' ? 'published' : 'unpublished' });
              // Unpublishing something never published queues nothing; the model follows the hook's rule.
              if (a.type === 'publish') expected.set(current.id, headline);
              else if (current.status === 'published') expected.set(current.id, null);
            }
          }
          await worker.drain(Date.now() + 20_000);
          const rows = new OutboxRepository(ws.db).list().reverse();
          expect(rows.every((r) => r.state === 'done')).toBe(true);
          // Exactly once and in order: the server applied each row's key once, in seq order.
          expect(server.applied.map((w) => w.key)).toEqual(rows.map((r) => r.idempotencyKey));
          // Each applied publish carried its row's final (coalesced) payload.
          for (const [i, row] of rows.entries()) {
            if (row.kind === 'publish') expect(server.applied[i]!.headline).toBe(JSON.parse(row.payload).article.headline);
          }
          // Nothing lost: the site holds the latest state of every article.
          for (const [id, headline] of expected) expect(server.articles.get(id)?.body.headline ?? null).toBe(headline);
          expect(server.violations).toEqual([]);
          await worker.stop();
        } finally {
          await server.stop();
        }
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
