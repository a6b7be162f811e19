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
} as const;

export type ReaderStringKey = keyof typeof READER_STRINGS;
export type ReaderStrings = Record<ReaderStringKey, string>;

/** One string with its `{name}` slots filled; unknown slots stay as written. */
export function say(strings: ReaderStrings, key: ReaderStringKey, values: Record<string, string | number> = {}): string {
  return strings[key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
