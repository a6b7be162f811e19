import type { PublishedComment } from '../../shared/engagement';
import { MAX_COMMENT_DEPTH, plainTextHtml } from '../../shared/render/comments';
import { html, type SafeHtml } from '../../shared/render/html';
import { timeElement } from '../../shared/render/page-parts';
import type { SiteDb } from '../db/open';
import { FORM_TOKEN_FIELD } from './csrf';
import { CommentStore, COMMENT_MAX_CHARS } from '../store/comments';
import { approvedComments } from '../store/readers';
import { readerComment, reportReasonOptions, type ReaderComment } from './comments-routes';
import type { SignedInReader } from './session';
import { READER_STRINGS, say, type ReaderStringKey, type ReaderStrings } from './strings';

/**
 * The comments part of the plain-form page (/respond/<id>), for readers without JavaScript: the
 * thread with the reader's own comments awaiting review in place, and on each comment the actions
 * live.js offers (Reply, Edit, Delete, Report) as <details> holding a plain form, which opens and
 * closes from the keyboard without a script. Every form posts to the comment routes with the
 * reader's form token; the routes answer with a 303 back here (?said=...#comments).
 */

export type OwnComment = ReaderComment;
type MePart = (articleId: string, reader: SignedInReader | null, now: number) => Promise<Record<string, unknown>>;

/** Words the page script needs beyond those the comment routes send (COMMENT_WORDS there). */
const WIDGET_KEYS = ['logInToCommentLink', 'writeComment', 'commentCancel', 'commentDeleteQuestion', 'commentDeleteYes'] as const satisfies readonly ReaderStringKey[];

export interface CommentFormsInput {
  articleId: string;
  /** Approved comments, oldest first. */
  approved: PublishedComment[];
  /** This reader's comments on the article that are pending or approved, oldest first. */
  own: OwnComment[];
  /** null: signed out (the page shows how to sign in instead). */
  reader: { token: string; canComment: boolean; refusal: string | null } | null;
  reportReasons: { value: string; label: string }[];
  loginUrl: string;
  /** The longest comment the routes accept, for the hint under each box. */
  maxChars: number;
  now: number;
  strings?: ReaderStrings;
}

/**
 * The reader's own comments on one article that they can still act on: those awaiting review
 * (pending, or held by the screening: isAwaiting in the comment store) and their approved ones, not
 * deleted, each with when it stops being editable (the store's rule: 10 minutes, until a
 * moderator decides it).
 */
export async function ownComments(site: SiteDb, articleId: string, readerId: string, now: number): Promise<OwnComment[]> {
  const rows = await new CommentStore(site.db).own(articleId, readerId);
  return rows
    .map((row) => readerComment(row, now))
    .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
}

/**
 * The comment part of /live/<id>/me.json as the page script uses it: the comment routes' part
 * (commentMePart: own comments awaiting review, myApproved, report reasons, their words) plus the
 * words only the page's widgets use.
 */
export function commentWidgetMePart(routesPart: MePart, strings: ReaderStrings = READER_STRINGS): MePart {
  const widgetWords = Object.fromEntries(WIDGET_KEYS.map((key) => [key, strings[key]]));
  return async (articleId, reader, now) => {
    const part = await routesPart(articleId, reader, now);
    return { ...part, words: { ...(part.words as Record<string, string> | undefined), ...widgetWords } };
  };
}

export function renderCommentForms(input: CommentFormsInput): SafeHtml {
  const words = input.strings ?? READER_STRINGS;
  const { reader } = input;
  const own = new Map(input.own.map((c) => [c.id, c]));
  // The thread other readers see, plus this reader's comments still awaiting review.
  const shown: (PublishedComment & { status?: string })[] = [...input.approved.map((c) => own.get(c.id) ?? c), ...input.own.filter((c) => c.status === 'pending')];
  shown.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
  const ids = new Set(shown.map((c) => c.id));
  const children = new Map<string | null, typeof shown>();
  for (const c of shown) {
    const parent = c.parentId !== null && ids.has(c.parentId) && c.parentId !== c.id ? c.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), c]);
  }
  const hint = say(words, 'commentHint', { max: input.maxChars.toLocaleString('en') });
  const action = (id: string, verb: string) => `/live/${input.articleId}/comments/${id}/${verb}`;
  const token = reader ? html`<input type="hidden" name="${FORM_TOKEN_FIELD}" value="${reader.token}">` : '';
  const textarea = (id: string, label: string, value = '') =>
    html`<label for="${id}">${label}</label>
<textarea id="${id}" name="body" rows="4" required aria-describedby="${id}-hint">${value}</textarea>
<p class="comment-form__hint" id="${id}-hint">${hint}</p>`;
  const details = (summary: string, body: SafeHtml) => html`<details class="comment-action"><summary>${summary}</summary>${body}</details>`;

  const actions = (c: (typeof shown)[number]): SafeHtml | string => {
    if (!reader) return '';
    const mine = own.has(c.id);
    const parts: SafeHtml[] = [];
    if (reader.canComment && c.status !== 'pending') {
      parts.push(
        details(
          words.commentReply,
          html`<form method="post" action="/live/${input.articleId}/comments" class="comment-form comment-form--reply">${token}<input type="hidden" name="parentId" value="${c.id}">
${textarea(`reply-${c.id}`, words.commentReplyLabel)}<p class="comment-form__actions"><button type="submit">${words.commentSend}</button></p></form>`,
        ),
      );
    }
    if (mine && own.get(c.id)!.editableUntil !== null) {
      parts.push(
        details(
          words.commentEdit,
          html`<form method="post" action="${action(c.id, 'edit')}" class="comment-form comment-form--edit">${token}
${textarea(`edit-${c.id}`, words.commentLabel, c.body)}<p class="comment-form__actions"><button type="submit">${words.commentSaveEdit}</button></p></form>`,
        ),
      );
    }
    if (mine) {
      parts.push(
        details(
          words.commentDelete,
          html`<form method="post" action="${action(c.id, 'delete')}" class="comment-form comment-form--delete">${token}<p>${words.commentDeleteQuestion}</p><p class="comment-form__actions"><button type="submit">${words.commentDeleteYes}</button></p></form>`,
        ),
      );
    }
    if (!mine && reader.canComment && input.reportReasons.length > 0) {
      const reasons = input.reportReasons.map(
        (r, i) => html`<label class="comment-form__choice"><input type="radio" name="reason" value="${r.value}"${i === 0 ? html` required` : ''}> ${r.label}</label>`,
      );
      parts.push(
        details(
          words.commentReport,
          html`<form method="post" action="${action(c.id, 'report')}" class="comment-form comment-form--report">${token}<fieldset><legend>${words.commentReportReasonLabel}</legend>${reasons}</fieldset>
<label for="note-${c.id}">${words.commentReportNoteLabel}</label><textarea id="note-${c.id}" name="note" rows="2"></textarea>
<p class="comment-form__actions"><button type="submit">${words.commentReportSend}</button></p></form>`,
        ),
      );
    }
    return parts.length > 0 ? html`<div class="comment__actions">${parts}</div>` : '';
  };

  const item = (c: (typeof shown)[number], replies: SafeHtml | string): SafeHtml =>
    html`<li class="comment${c.status === 'pending' ? ' comment--pending' : ''}" id="comment-${c.id}"><article class="comment__card">
<p class="comment__meta"><bdi class="comment__author">${c.authorName}</bdi> <span class="sep" aria-hidden="true">·</span> ${timeElement(c.createdAt, 'en')}${c.status === 'pending' ? html` <span class="comment__pending">${words.commentAwaitingReview}</span>` : ''}</p>
<div class="comment__text">${plainTextHtml(c.body)}</div>
${actions(c)}</article>${replies}</li>`;

  // Nested up to MAX_COMMENT_DEPTH like the article page; deeper replies line up at the last level.
  const rendered = new Set<string>();
  const level = (list: typeof shown, depth: number): SafeHtml[] =>
    list
      .filter((c) => !rendered.has(c.id) && rendered.add(c.id))
      .map((c) => {
        const kids = depth + 1 < MAX_COMMENT_DEPTH ? level(children.get(c.id) ?? [], depth + 1) : flat(c.id);
        return item(c, kids.length > 0 ? html`<ol class="comment-list comment-list--replies">${kids}</ol>` : '');
      });
  const flat = (id: string): SafeHtml[] => {
    const out: SafeHtml[] = [];
    const stack = [...(children.get(id) ?? [])].reverse();
    while (stack.length > 0) {
      const c = stack.pop()!;
      if (rendered.has(c.id)) continue;
      rendered.add(c.id);
      out.push(item(c, ''));
      stack.push(...[...(children.get(c.id) ?? [])].reverse());
    }
    return out;
  };
  const top = level(children.get(null) ?? [], 0);
  const stranded = level(shown.filter((c) => !rendered.has(c.id)), 0);

  let box: SafeHtml;
  if (!reader) box = html`<p class="comments__login">${words.logInToComment} · <a href="${input.loginUrl}">${words.logInToCommentLink}</a></p>`;
  else if (!reader.canComment) box = html`<p class="reader-refusal">${reader.refusal ?? words.logInToComment}</p>`;
  else
    box = html`<form method="post" action="/live/${input.articleId}/comments" class="comment-form comment-form--new">${token}
${textarea('comment-new', words.writeComment)}<p class="comment-form__actions"><button type="submit">${words.commentSend}</button></p></form>`;

  return html`<section class="comments" id="comments" aria-labelledby="comments-title">
<h2 id="comments-title">${words.commentsHeading}</h2>
${top.length + stranded.length > 0 ? html`<ol class="comment-list">${top}${stranded}</ol>` : ''}
${box}
</section>`;
}

/** Who is reading the plain-form page, as far as comments go. */
export interface CommentFormsReader {
  id: string;
  token: string;
  /** Why this reader may not comment (banned, suspended), or null. */
  refusal: string | null;
}

/** What the comment routes accept, for the forms' hints and report reasons. */
export interface CommentFormsSettings {
  reportReasons?: { value: string; label: string }[];
  maxChars?: number;
  /** The site's reader sentences (`--strings`). */
  strings?: ReaderStrings;
}

/** The comments section of /respond/<id>, read from the database as of now. */
export async function commentFormsFor(site: SiteDb, articleId: string, reader: CommentFormsReader | null, loginUrl: string, now: number, settings?: CommentFormsSettings): Promise<SafeHtml> {
  const [approved, own] = await Promise.all([
    approvedComments(site.db, articleId),
    reader ? ownComments(site, articleId, reader.id, now) : Promise.resolve([]),
  ]);
  return renderCommentForms({
    articleId,
    approved: approved.map(({ updatedAt: _updated, ...comment }) => comment),
    own,
    reader: reader ? { token: reader.token, canComment: reader.refusal === null, refusal: reader.refusal } : null,
    // Read at call time: this module and the comment routes import each other.
    reportReasons: settings?.reportReasons ?? reportReasonOptions(settings?.strings ?? READER_STRINGS),
    maxChars: settings?.maxChars ?? COMMENT_MAX_CHARS,
    ...(settings?.strings ? { strings: settings.strings } : {}),
    loginUrl,
    now,
  });
}
