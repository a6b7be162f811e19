import { termSlug } from '../site';

/**
 * termSlug, remembered: a site has a few hundred section and tag names, and every article page
 * slugs its own four or five times (NFKD normalisation and five regexes, ~5 us each).
 */
export function slugOf(name: string): string {
  let slug = slugs.get(name);
  if (slug === undefined) {
    if (slugs.size >= 10_000) slugs.clear();
    slugs.set(name, (slug = termSlug(name)));
  }
  return slug;
}

const slugs = new Map<string, string>();
