/**
 * Every sentence the site shows a reader, in one table, so a site can translate them all in one
 * place. `{name}` marks a value filled in at run time (escaped on output like any reader text).
 * Keep the sections apart: accounts (sign-in, sessions, account page), then votes and comments.
 */
export const READER_STRINGS = {
  // Accounts
  signIn: 'Sign in',
  signOut: 'Sign out',
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
} as const;

export type ReaderStringKey = keyof typeof READER_STRINGS;
export type ReaderStrings = Record<ReaderStringKey, string>;

/** One string with its `{name}` slots filled; unknown slots stay as written. */
export function say(strings: ReaderStrings, key: ReaderStringKey, values: Record<string, string | number> = {}): string {
  return strings[key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
