import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * Every sentence the site shows a reader, in one table, so a site can translate them all in one
 * place. `{name}` marks a value filled in at run time (escaped on output like any reader text).
 * Keep the sections apart: accounts (sign-in, sessions, account page), then votes and comments.
 */
export const READER_STRINGS = {
  // Accounts
  signIn: 'Sign in',
  signOut: 'Sign out',
  signInTitle: 'Sign in to {site}',
  signInIntro: 'Enter your email address and we will send you a link that signs you in. There is no password.',
  emailLabel: 'Email address',
  sendLink: 'Send me a sign-in link',
  emailInvalid: 'That does not look like an email address; check it and try again.',
  linkSentTitle: 'Check your email',
  linkSent: 'If {email} can receive mail, a sign-in link is on its way. It works once, for the next 15 minutes.',
  mailUnavailable: 'We could not send the mail just now; try again in a few minutes.',
  mailSubject: 'Your sign-in link for {site}',
  mailBody: 'Open this link within 15 minutes to sign in to {site}:\n\n{link}\n\nIf you did not ask to sign in, you can ignore this mail; nothing happens until the link is opened and confirmed.',
  confirmTitle: 'Sign in to {site}?',
  confirmIntro: 'Press the button to finish signing in on this browser.',
  linkInvalid: 'This sign-in link has already been used or has expired. Ask for a new one below.',
  tooManyRequests: 'Too many sign-in requests have come from here. Please wait {minutes} minutes and try again.',
  formUnreadable: 'This form could not be read: it held bytes that are not valid text. Go back, check what you typed and try again.',
  formTooLarge: 'This form is larger than the site accepts. Go back, shorten what you typed and try again.',
  formRefused: 'This form could not be accepted because it did not come from this site’s own page. Go back, reload the page and try again.',
  welcomeTitle: 'Welcome',
  welcomeIntro: 'Choose the name other readers will see next to your comments.',
  displayNameLabel: 'Display name',
  displayNameHint: 'Up to 60 characters.',
  displayNameInvalid: 'A display name is 1 to 60 characters, without control characters.',
  saveName: 'Save name',
  continue: 'Continue',
  accountTitle: 'Your account',
  accountIntro: 'Signed in as {name}.',
  accountEmail: 'Signed in with {email}.',
  accountNameHeading: 'Display name',
  nameSaved: 'Your display name is saved.',
  sessionsHeading: 'Where you are signed in',
  sessionBrowser: 'Browser',
  sessionSignedIn: 'Signed in',
  sessionLastSeen: 'Last seen',
  thisBrowser: '{browser} (this browser)',
  unknownBrowser: 'An unnamed browser',
  signOutEverywhere: 'Sign out everywhere',
  signOutEverywhereHint: 'Ends every session listed above, this one included.',
  signedOut: 'You are signed out.',
  signedOutEverywhere: 'You are signed out on every browser.',
  exportHeading: 'Your data',
  exportIntro: 'Download everything this site holds about you: your account, sessions, comments and votes, as a JSON file.',
  exportLink: 'Download my data',
  deleteHeading: 'Delete your account',
  deleteIntroKeep: 'Your sessions end and your account is removed. Your comments stay, shown as from a deleted reader. Your votes stay in the counts but are no longer linked to you.',
  deleteIntroRemove: 'Your sessions end and your account is removed, with all of your comments. Your votes stay in the counts but are no longer linked to you.',
  deleteConfirm: 'I understand that this cannot be undone',
  deleteButton: 'Delete my account',
  deleteNotConfirmed: 'Tick the box to confirm that you want to delete your account.',
  deleted: 'Your account is deleted.',
  deletedReader: 'a deleted reader',
  ssoRefused: 'Your sign-in from the newsroom could not be accepted. Go back and sign in there again.',
  ssoDisabled: 'This site does not offer single sign-on.',
  backToSite: 'Back to {site}',
  // Votes and comments
  logInToVote: 'Log in to vote',
  logInToComment: 'Only logged-in users can comment',
  voteQuestionInteresting: 'Interesting?',
  voteQuestionSupport: 'Support?',
  voteYes: 'Yes',
  voteNo: 'No',
  voteWithdraw: 'Take back my answer',
  voteYourAnswer: 'Your answer: {answer}',
  voteSaved: 'Your vote is saved.',
  voteWithdrawn: 'Your vote is taken back.',
  voteUnchanged: 'That was already your answer.',
  voteTallies: 'Interesting: {interesting} • Support: {support}',
  voteOnArticle: 'Vote on “{headline}”',
  backToArticle: 'Back to the article',
  signedInAs: 'Signed in as {name}',
  account: 'Account',
  refusedBanned: 'Your account is banned from this site, so you cannot vote or comment.',
  refusedSuspended: 'Your account is suspended for now, so you cannot vote or comment.',
  refusedSignedOut: 'You are not signed in any more; sign in again to vote.',
  refusedForeign: 'This request did not come from this site’s own pages, so nothing was changed.',
  refusedFormExpired: 'This form has expired. Reload the page and try again.',
  refusedTooFast: 'You are doing that too often. Try again in {seconds} seconds.',
  refusedBadVote: 'Choose Yes or No for Interesting or Support.',
  refusedNoArticle: 'This article is no longer on the site.',
  refusedUnavailable: 'Your vote could not be saved just now. Try again in a moment.',
  // Comments
  commentPosted: 'Your comment is published.',
  commentAwaiting: 'Your comment is saved and awaits review before other readers see it.',
  commentEdited: 'Your comment is changed.',
  commentEditedAwaiting: 'Your comment is changed and awaits review before other readers see it.',
  commentDeleted: 'Your comment is deleted.',
  commentReported: 'Thank you. The moderators will look at this comment.',
  commentAlreadyReported: 'You have already reported this comment; the moderators will look at it.',
  commentAwaitingReview: 'Awaiting review',
  commentLabel: 'Your comment',
  commentReplyLabel: 'Your reply',
  commentSend: 'Post comment',
  commentReply: 'Reply',
  commentEdit: 'Edit',
  commentSaveEdit: 'Save changes',
  commentDelete: 'Delete',
  commentReport: 'Report',
  commentReportReasonLabel: 'Why are you reporting this comment?',
  commentReportNoteLabel: 'Anything the moderators should know (optional)',
  commentReportSend: 'Send report',
  commentHint: 'Plain text, up to {max} characters. Leave a blank line between paragraphs. You can edit your comment for 10 minutes after posting.',
  reportReasonSpam: 'Spam or advertising',
  reportReasonAbuse: 'Abusive or hateful',
  reportReasonOffTopic: 'Off topic',
  reportReasonIllegal: 'Illegal content',
  reportReasonPersonalData: 'Shares someone’s personal information',
  reportReasonOther: 'Something else',
  refusedCommentEmpty: 'Write something before posting.',
  refusedCommentTooLong: 'A comment can be at most {max} characters; yours has {length}. Shorten it and try again.',
  refusedCommentControl: 'Your comment holds characters that are not ordinary text. Remove them and try again.',
  refusedCommentInvalid: 'Your comment could not be read: write it as text and try again.',
  refusedNoComment: 'That comment is not on this page any more.',
  refusedReplyTooDeep: 'This conversation cannot go deeper. Reply to an earlier comment in it instead.',
  refusedEditLate: 'A comment can only be edited in the first 10 minutes after posting.',
  refusedEditDecided: 'This comment has been reviewed by a moderator, so it can no longer be edited. You can still delete it.',
  refusedNotYours: 'You can only change or delete your own comments.',
  refusedReportOwn: 'You cannot report your own comment.',
  refusedBadReport: 'Choose a reason for your report. A note can be up to 500 characters.',
  refusedCommentsSignedOut: 'You are not signed in any more; sign in again to comment.',
  refusedCommentUnavailable: 'Your comment could not be saved just now. Try again in a moment.',
} as const;

export type ReaderStringKey = keyof typeof READER_STRINGS;
export type ReaderStrings = Record<ReaderStringKey, string>;

/** One string with its `{name}` slots filled; unknown slots stay as written. */
export function say(strings: ReaderStrings, key: ReaderStringKey, values: Record<string, string | number> = {}): string {
  return strings[key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

const OverridesSchema = z.record(z.string(), z.string().min(1).max(2000)).superRefine((table, ctx) => {
  for (const key of Object.keys(table)) {
    if (!(key in READER_STRINGS)) ctx.addIssue({ code: 'custom', message: `"${key}" is not one of the site's sentences.` });
  }
});

/**
 * The table with a site's own wording laid over it (`--strings FILE.json`: an object of some or
 * all keys above). Unknown keys are an error, so a typo does not silently leave English behind.
 */
export function loadReaderStrings(file: string | undefined): ReaderStrings {
  if (file === undefined) return { ...READER_STRINGS };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`The strings file ${file} could not be read as JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const result = OverridesSchema.safeParse(parsed);
  if (!result.success) throw new Error(`The strings file ${file} is not usable: ${result.error.issues.map((i) => i.message).join(' ')}`);
  return { ...READER_STRINGS, ...(result.data as Partial<ReaderStrings>) };
}
