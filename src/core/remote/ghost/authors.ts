import type { AuthorMap } from '../../../shared/remote/author-map';
import { RemoteError } from '../errors';
import type { GhostStaffUser } from './client';

const norm = (value: string) => value.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * Ghost authors for a byline: each name goes to the staff user its per-target mapping names
 * (by email), else the staff user with that name, else the one with that email (a byline may be
 * an email). A name that matches nobody stops the publish with a message saying what to do:
 * posting it credited to the owner would be the silent loss this replaces. An empty byline sends
 * no authors (Ghost keeps the post's authors; a new post gets the owner).
 */
export function ghostAuthors(byline: readonly string[], staff: readonly GhostStaffUser[], map: AuthorMap): { id: string }[] | undefined {
  if (byline.length === 0) return undefined;
  const mapped = new Map(Object.entries(map).map(([name, email]) => [norm(name), norm(email)]));
  const missing: string[] = [];
  const ids: string[] = [];
  for (const name of byline) {
    const email = mapped.get(norm(name));
    const user =
      email !== undefined
        ? staff.find((u) => norm(u.email) === email)
        : (staff.find((u) => u.name !== null && u.name !== undefined && norm(u.name) === norm(name)) ?? staff.find((u) => norm(u.email) === norm(name)));
    if (!user) missing.push(email !== undefined ? `${name} (mapped to ${email})` : name);
    else if (!ids.includes(user.id)) ids.push(user.id);
  }
  if (missing.length > 0) {
    const list = missing.map((m) => `"${m}"`).join(', ');
    throw new RemoteError(
      'rejected',
      `No Ghost staff user matches the byline ${list}. Add them under Settings → Staff in Ghost, or map the name to a staff email in this target's settings in Copydesk, then retry.`,
    );
  }
  return ids.map((id) => ({ id }));
}
