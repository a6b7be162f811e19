import { z } from 'zod';
import type { Article } from './article';
import { plainText } from './lexical/build';
import type { SerializedNode, SerializedState } from './lexical/schema';
import { articlePath, listingPath, termSlug } from './site';
import { findPlaceholders } from './text-search';

/**
 * The pre-publish checklist: things an editor usually wants fixed before an article goes out.
 * None of them blocks publishing; the editor may fix them or "Publish anyway". Pure, so the
 * same rules run in core (with the whole site's paths) and in tests.
 */

export const CHECK_KINDS = ['tk', 'takeaways', 'unanswered', 'alt', 'link'] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

export const CheckIssueSchema = z.object({
  kind: z.enum(CHECK_KINDS),
  /** Where: "Headline", "Body", "Takeaway 2", "Question 3", "Answer 3". */
  where: z.string(),
  message: z.string(),
});
export type CheckIssue = z.infer<typeof CheckIssueSchema>;

export const CHECK_TITLES: Record<CheckKind, string> = {
  tk: 'TK markers',
  takeaways: 'Key takeaways',
  unanswered: 'Follow-up questions',
  alt: 'Image alt text',
  link: 'Internal links',
};

export interface SiteLinkContext {
  baseUrl: string;
  urlPattern: string;
  /** Every article that will be on the site after this publish (this one included). */
  published: readonly { slug: string; section: string; tags?: readonly string[]; publishedAt: string | null; updatedAt: string }[];
}

function nodesOf(state: SerializedState): SerializedNode[] {
  const out: SerializedNode[] = [];
  const stack = [...state.root.children];
  while (stack.length > 0) {
    const node = stack.shift()!;
    out.push(node);
    if (node.children) stack.unshift(...node.children);
  }
  return out;
}

/** The site paths that exist after publishing: articles, listings' first pages, feeds. */
export function knownSitePaths(site: SiteLinkContext): Set<string> {
  const paths = new Set<string>(['/', '/feed.xml', '/atom.xml', '/feed.json', '/sitemap.xml', '/robots.txt']);
  for (const item of site.published) {
    paths.add(articlePath(site.urlPattern, item));
    paths.add(listingPath(`/section/${termSlug(item.section)}/`, 1));
    for (const tag of item.tags ?? []) paths.add(listingPath(`/tag/${termSlug(tag)}/`, 1));
  }
  return paths;
}

/**
 * The site path a link points at, or null when it leaves the site (another host, mailto:,
 * an in-page #anchor). Relative links resolve against the base URL, as on the published page.
 */
export function internalPath(url: string, baseUrl: string): string | null {
  const trimmed = url.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return null;
  let base: URL;
  let target: URL;
  try {
    base = new URL(baseUrl);
    target = new URL(trimmed, base);
  } catch {
    return null;
  }
  if (target.origin !== base.origin || !target.pathname.startsWith(base.pathname)) return null;
  const path = `/${target.pathname.slice(base.pathname.length)}`;
  if (path.endsWith('/index.html')) return path.slice(0, -'index.html'.length);
  return path;
}

export function prepublishChecklist(article: Pick<Article, 'headline' | 'summary' | 'body' | 'takeaways' | 'questions'>, site: SiteLinkContext): CheckIssue[] {
  const issues: CheckIssue[] = [];
  const tk = (where: string, text: string) => {
    const count = findPlaceholders(text).length;
    if (count > 0) issues.push({ kind: 'tk', where, message: `${count} TK marker${count === 1 ? '' : 's'} still to fill in` });
  };
  tk('Headline', article.headline);
  tk('Summary', article.summary);
  tk('Body', plainText(article.body));
  article.takeaways.forEach((t, i) => tk(`Takeaway ${i + 1}`, plainText(t.content)));
  article.questions.forEach((q, i) => {
    tk(`Question ${i + 1}`, q.question);
    tk(`Answer ${i + 1}`, plainText(q.answer));
  });

  const takeaways = article.takeaways.filter((t) => plainText(t.content).trim() !== '');
  if (takeaways.length === 0) issues.push({ kind: 'takeaways', where: 'Key takeaways', message: 'No key takeaways yet' });
  article.takeaways.forEach((t, i) => {
    if (plainText(t.content).trim() === '') issues.push({ kind: 'takeaways', where: `Takeaway ${i + 1}`, message: 'Empty takeaway' });
  });

  article.questions.forEach((q, i) => {
    const answered = plainText(q.answer).trim() !== '' || nodesOf(q.answer).some((n) => n.type === 'image');
    if (q.question.trim() !== '' && !answered) issues.push({ kind: 'unanswered', where: `Question ${i + 1}`, message: `“${q.question.trim()}” has no answer` });
    if (q.question.trim() === '' && answered) issues.push({ kind: 'unanswered', where: `Question ${i + 1}`, message: 'An answer without a question' });
  });

  const known = knownSitePaths(site);
  const documents: [string, SerializedState][] = [
    ['Body', article.body],
    ...article.questions.map((q, i): [string, SerializedState] => [`Answer ${i + 1}`, q.answer]),
  ];
  for (const [where, state] of documents) {
    for (const node of nodesOf(state)) {
      if (node.type === 'image' && (typeof node.altText !== 'string' || node.altText.trim() === '')) {
        issues.push({ kind: 'alt', where, message: 'An image has no alt text' });
      }
      if ((node.type === 'link' || node.type === 'autolink') && typeof node.url === 'string') {
        const path = internalPath(node.url, site.baseUrl);
        if (path !== null && !known.has(path) && !known.has(`${path}/`)) {
          issues.push({ kind: 'link', where, message: `The link to ${node.url} points at a page the site will not have` });
        }
      }
    }
  }
  return issues;
}
