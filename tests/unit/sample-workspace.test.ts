import { describe, expect, it } from 'vitest';
import { tempWorkspace } from './helpers';

/** Markup, entities, script URLs, executable names and bidi controls: test material, not a newsroom's. */
const HOSTILE = /[<>]|&[a-z]+;|javascript:|\.exe\b|[\u202A-\u202E\u2066-\u2069]/i;

describe('issue 15.15: the sample workspace reads like a real newsroom’s', () => {
  it('has no hostile strings in its comments or reader names', () => {
    const ws = tempWorkspace({ seed: true });
    const bodies = ws.db.prepare('SELECT body FROM comments').pluck().all() as string[];
    const names = ws.db.prepare('SELECT display_name FROM comment_authors').pluck().all() as string[];
    expect(bodies.length).toBeGreaterThan(20);
    expect(bodies.filter((text) => HOSTILE.test(text))).toEqual([]);
    expect(names.filter((text) => HOSTILE.test(text))).toEqual([]);
  });

  it('still gives the moderation desk the same work: the queues keep their sizes and rules still fire', () => {
    const ws = tempWorkspace({ seed: true });
    const counts = ws.db.prepare('SELECT status, COUNT(*) AS n FROM comments GROUP BY status ORDER BY status').all();
    expect(counts).toEqual([
      { status: 'approved', n: 7 },
      { status: 'pending', n: 15 },
      { status: 'rejected', n: 1 },
      { status: 'spam', n: 1 },
    ]);
    const hits = ws.db.prepare('SELECT COUNT(DISTINCT comment_id) FROM comment_rule_hits').pluck().get() as number;
    expect(hits).toBeGreaterThan(0);
  });
});
