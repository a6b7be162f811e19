import type { PublishedComment } from '../engagement';
import { escapeHtml, html, safeHref, trustedHtml, type SafeHtml } from './html';
import { timeElement } from './page-parts';

/**
 * The comments section: approved comments threaded by parentId as nested lists. Every comment is
 * untrusted plain text: escaped, its paragraphs and line breaks kept, and wrapped in <bdi> (as is
 * the author's name) so right-to-left override characters cannot reorder the text around it.
 */

/** Replies nest visually up to this depth; deeper replies line up at the last level. */
export const MAX_COMMENT_DEPTH = 5;

export interface CommentsOptions {
  language: string;
  loginUrl: string;
}

/** Plain text → paragraphs (blank lines) with <br> for single line breaks. */
export function plainTextHtml(text: string): SafeHtml {
  // Most comments are one line: skip the split/filter/map below (a build renders tens of thousands).
  if (!text.includes('\n') && !text.includes('\r')) {
    const line = text.trim();
    return line === '' ? trustedHtml('') : trustedHtml(`<p><bdi>${escapeHtml(line)}</bdi></p>`);
  }
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  return html`${paragraphs.map((p) => html`<p><bdi>${p.split('\n').map((line, i) => html`${i > 0 ? html`<br>` : ''}${line}`)}</bdi></p>`)}`;
}

function commentItem(comment: PublishedComment, language: string, replies: SafeHtml | string): SafeHtml {
  return html`<li class="comment" id="comment-${comment.id}">
<article class="comment__card">
<p class="comment__meta"><bdi class="comment__author">${comment.authorName || 'Anonymous'}</bdi> <span class="sep" aria-hidden="true">·</span> ${timeElement(comment.createdAt, language)}</p>
<div class="comment__text">${plainTextHtml(comment.body)}</div>
</article>${replies}</li>
`;
}

/**
 * Builds the thread without recursion over unbounded depth: children lists are rendered bottom-up
 * for the first MAX_COMMENT_DEPTH levels and everything deeper is flattened into the last level.
 * A comment whose parent is missing (or part of a cycle) is shown at the top level.
 */
export function renderCommentThread(comments: PublishedComment[], language: string): SafeHtml | string {
  const ids = new Set(comments.map((c) => c.id));
  const childrenOf = new Map<string | null, PublishedComment[]>();
  for (const c of comments) {
    const parent = c.parentId !== null && ids.has(c.parentId) && c.parentId !== c.id ? c.parentId : null;
    const list = childrenOf.get(parent) ?? [];
    list.push(c);
    childrenOf.set(parent, list);
  }
  const rendered = new Set<string>();
  const descendants = (id: string): PublishedComment[] => {
    const out: PublishedComment[] = [];
    const stack = [...(childrenOf.get(id) ?? [])].reverse();
    while (stack.length > 0) {
      const c = stack.pop()!;
      if (rendered.has(c.id)) continue;
      rendered.add(c.id);
      out.push(c);
      stack.push(...[...(childrenOf.get(c.id) ?? [])].reverse());
    }
    return out;
  };
  const renderLevel = (items: PublishedComment[], depth: number): SafeHtml => {
    const out: SafeHtml[] = [];
    for (const c of items) {
      if (rendered.has(c.id)) continue;
      rendered.add(c.id);
      let replies: SafeHtml | string = '';
      if (depth + 1 < MAX_COMMENT_DEPTH) {
        const kids = (childrenOf.get(c.id) ?? []).filter((k) => !rendered.has(k.id));
        if (kids.length > 0) replies = html`<ol class="comment-list comment-list--replies">\n${renderLevel(kids, depth + 1)}</ol>`;
      } else {
        const flat = descendants(c.id);
        if (flat.length > 0) replies = html`<ol class="comment-list comment-list--replies">\n${flat.map((d) => commentItem(d, language, ''))}</ol>`;
      }
      out.push(commentItem(c, language, replies));
    }
    return html`${out}`;
  };
  const top = renderLevel(childrenOf.get(null) ?? [], 0);
  // Comments reachable from no top-level comment (a parent cycle) are still shown, at the top.
  const stranded = comments.filter((c) => !rendered.has(c.id));
  const rest = stranded.length > 0 ? renderLevel(stranded, 0) : '';
  if (comments.length === 0) return '';
  return html`<ol class="comment-list">\n${top}${rest}</ol>`;
}

export function renderComments(comments: PublishedComment[], options: CommentsOptions): SafeHtml {
  const login = safeHref(options.loginUrl);
  const count = comments.length;
  return html`<section class="comments" aria-labelledby="comments-title">
<h2 id="comments-title">Comments${count > 0 ? html` <span class="comments__count">(${count})</span>` : ''}</h2>
${count === 0 ? html`<p class="comments__empty">No comments yet.</p>\n` : ''}${renderCommentThread(comments, options.language)}
<p class="comments__login">${login === null ? 'Only logged-in users can comment.' : html`<a href="${login}">Only logged-in users can comment.</a>`}</p>
</section>`;
}
