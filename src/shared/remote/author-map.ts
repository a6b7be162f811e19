import { z } from 'zod';

/**
 * A per-target map from byline names to the target's staff (Ghost: a staff user's email), for
 * bylines that match no staff user by name. Edited in Settings as one "Name = email" per line.
 */
const StaffEmail = z
  .string()
  .trim()
  .max(254)
  .regex(/^[^\s@]+@[^\s@]+$/, 'Use the staff user’s email address');

export const AuthorMapSchema = z
  .record(z.string().trim().min(1).max(120), StaffEmail)
  .refine((map) => Object.keys(map).length <= 200, 'At most 200 names');
export type AuthorMap = z.infer<typeof AuthorMapSchema>;

/** One line per name, "Name = email", sorted by name: what the Settings field shows. */
export function formatAuthorMap(map: AuthorMap): string {
  return Object.keys(map)
    .sort((a, b) => a.localeCompare(b))
    .map((name) => `${name} = ${map[name]}`)
    .join('\n');
}

/**
 * Reads the Settings field back. Blank lines are skipped; a line without "=" or with an empty
 * side is an error naming its line, so a typo is never silently dropped.
 */
export function parseAuthorMap(text: string): { map: AuthorMap; error: null } | { map: null; error: string } {
  const map: AuthorMap = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const at = line.lastIndexOf('=');
    const name = at < 0 ? '' : line.slice(0, at).trim();
    const email = at < 0 ? '' : line.slice(at + 1).trim();
    if (name === '' || email === '') return { map: null, error: `Line ${i + 1}: write it as "Byline name = staff@example.com"` };
    const checked = StaffEmail.safeParse(email);
    if (!checked.success) return { map: null, error: `Line ${i + 1}: ${checked.error.issues[0]?.message ?? 'not an email address'}` };
    map[name] = checked.data;
  }
  return { map, error: null };
}
