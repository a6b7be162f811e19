// Issue 16.3: bylines reach Ghost as staff authors (by name, by email, or the per-target mapping).
import { describe, expect, it } from 'vitest';
import { tempWorkspace } from './helpers';
import { fields, remoteFor, useGhostServers } from './remote-helpers';
import { ghostAuthors } from '../../src/core/remote/ghost/authors';
import { formatAuthorMap, parseAuthorMap } from '../../src/shared/remote/author-map';

const startGhost = useGhostServers();

const staff = [
  { id: 'u-ann', name: 'Ann Reporter', email: 'ann@example.org' },
  { id: 'u-bo', name: 'Bo Writer', email: 'bo@example.org' },
  { id: 'u-cy', name: null, email: 'cy@example.org' },
];

describe('issue 16.3: the per-target author mapping (Settings field)', () => {
  it('issue 16.3: reads "Name = email" lines, names the line of a mistake, and formats back sorted', () => {
    expect(parseAuthorMap('\n  B. Writer = bo@example.org \nAnn R.=ann@example.org\n')).toEqual({ map: { 'B. Writer': 'bo@example.org', 'Ann R.': 'ann@example.org' }, error: null });
    expect(parseAuthorMap('Ann R. ann@example.org')).toEqual({ map: null, error: 'Line 1: write it as "Byline name = staff@example.com"' });
    expect(parseAuthorMap('Ann = ann@example.org\nBo = not an email')).toEqual({ map: null, error: 'Line 2: Use the staff user’s email address' });
    expect(formatAuthorMap({ Zed: 'z@example.org', 'Ann R.': 'ann@example.org' })).toBe('Ann R. = ann@example.org\nZed = z@example.org');
    expect(parseAuthorMap(formatAuthorMap({ 'A = B': 'ab@example.org' })).map).toEqual({ 'A = B': 'ab@example.org' });
  });

  it('issue 16.3: matches staff by mapping, then name (case and spacing aside), then email; a missing name says what to do', () => {
    expect(ghostAuthors(['ann  reporter', 'B. Writer', 'cy@example.org'], staff, { 'B. Writer': 'BO@example.org' })).toEqual([{ id: 'u-ann' }, { id: 'u-bo' }, { id: 'u-cy' }]);
    expect(ghostAuthors([], staff, {})).toBeUndefined();
    expect(() => ghostAuthors(['Ann Reporter', 'Dee Nobody'], staff, {})).toThrow(/No Ghost staff user matches the byline "Dee Nobody"\. Add them under Settings → Staff in Ghost, or map the name/);
    expect(() => ghostAuthors(['Ann'], staff, { Ann: 'gone@example.org' })).toThrow(/"Ann \(mapped to gone@example\.org\)"/);
  });
});

describe('issue 16.3: publishing a byline to Ghost', () => {
  it('issue 16.3: credits the staff users, not the owner; a name matching nobody needs attention until it is mapped', async () => {
    const ghost = await startGhost();
    const ann = ghost.addUser('Ann Reporter', 'ann@example.org');
    const bo = ghost.addUser('Bo Writer', 'bo@example.org');
    const ws = tempWorkspace();
    const remote = remoteFor(ws, { COPYDESK_TARGET_BLOG_TOKEN: ghost.adminKey }, { timeoutMs: 2_000 });
    const target = remote.saveTarget({ name: 'blog', kind: 'ghost', baseUrl: ghost.url });
    const created = ws.articles.create({ headline: 'Bylines' });
    ws.articles.save({ ...fields(created), byline: ['Ann Reporter', 'B. Writer'], status: 'published' });
    await remote.drain(target.id);
    const [row] = remote.listOutbox();
    expect(row!.state).toBe('needs_attention');
    expect(row!.lastError).toContain('No Ghost staff user matches the byline "B. Writer"');
    expect(ghost.posts.size).toBe(0);

    const saved = remote.saveTarget({ id: target.id, name: 'blog', kind: 'ghost', baseUrl: ghost.url, authorMap: { 'B. Writer': 'bo@example.org' } });
    expect(saved.authorMap).toEqual({ 'B. Writer': 'bo@example.org' });
    remote.retry(row!.id);
    await remote.drain(target.id);
    expect(remote.listOutbox()[0]!.state).toBe('done');
    expect([...ghost.posts.values()][0]!.authors.map((a) => a.id)).toEqual([ann.id, bo.id]);
    expect(ghost.violations).toEqual([]);
  });
});
