import { READER_STRINGS, type ReaderStringKey } from './strings';

/**
 * The sentences the page script (pages/live.js) needs to draw the comment widgets, sent in
 * /live/<id>/me.json `words` beside the vote widget's: the script holds no wording of its own, so
 * a site's translation (--strings) reaches it too. The server's answers (posted, refused...) come
 * as `message` with each response and are not listed here.
 */
export const COMMENT_WIDGET_KEYS = [
  'logInToComment',
  'logInToCommentLink',
  'writeComment',
  'commentHint',
  'postComment',
  'commentReply',
  'replyTo',
  'commentEdit',
  'editComment',
  'saveComment',
  'commentCancel',
  'commentDelete',
  'deleteQuestion',
  'deleteYes',
  'commentReport',
  'reportLegend',
  'reportNote',
  'sendReport',
  'awaitingReview',
  'refusedCommentUnavailable',
] as const satisfies readonly ReaderStringKey[];

/** The comment widget's words from a strings table (the site's, with any translation laid over). */
export function commentWidgetWords(strings: Record<ReaderStringKey, string> = READER_STRINGS): Record<(typeof COMMENT_WIDGET_KEYS)[number], string> {
  return Object.fromEntries(COMMENT_WIDGET_KEYS.map((key) => [key, strings[key]])) as Record<(typeof COMMENT_WIDGET_KEYS)[number], string>;
}
