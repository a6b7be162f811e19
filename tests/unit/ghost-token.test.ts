import { afterEach, describe, expect, it, vi } from 'vitest';
import { useGhostServers } from './remote-helpers';
import { GhostAdminClient } from '../../src/core/remote/ghost/client';

const startGhost = useGhostServers();
afterEach(() => {
  vi.useRealTimers();
});

/** A client whose requests' Authorization headers are recorded on their way to the fixture. */
async function recordingClient(key: () => string) {
  const ghost = await startGhost();
  const seen: string[] = [];
  const recording: typeof fetch = (input, init) => {
    seen.push(String(new Headers(init?.headers).get('authorization')));
    return fetch(input, init);
  };
  return { ghost, seen, client: new GhostAdminClient({ baseUrl: ghost.url, adminKey: key, fetch: recording }) };
}

describe('Ghost Admin API tokens', () => {
  it('one token serves requests for up to a minute; a changed key or an older token gets a new one', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-07T12:00:00Z'));
    let key = '';
    const { ghost, seen, client } = await recordingClient(() => key);
    key = ghost.adminKey;
    await client.test();
    await client.postBySlug('a');
    expect(seen).toHaveLength(2);
    expect(seen[1]).toBe(seen[0]);

    vi.setSystemTime(new Date('2026-12-07T12:00:59Z'));
    await client.postBySlug('b');
    expect(seen[2]).toBe(seen[0]);

    vi.setSystemTime(new Date('2026-12-07T12:01:01Z'));
    await client.postBySlug('c');
    expect(seen[3]).not.toBe(seen[0]);

    // A rotated key is used from the next request on (the fixture refuses the old one's token).
    const rotated = `${'b'.repeat(24)}:${'cd'.repeat(32)}`;
    key = rotated;
    await expect(client.postBySlug('d')).rejects.toThrow(/401/);
    expect(seen[4]).not.toBe(seen[3]);
    expect(ghost.violations).toEqual(['bad JWT header']);
  });
});
