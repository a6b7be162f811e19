import type { Database } from 'better-sqlite3';
import type { CommentIngestItem, RuleInput, VoteIngestItem } from '../../shared/moderation';
import { ingestComments, ingestVotes } from './ingest';
import { ModerationService } from './service';

/**
 * The sample workspace's reader activity on the sample article, as a real newsroom would see it:
 * ordinary comments, a short thread, an insult, a threat, link spam and a repeated question that
 * trip the default rules, and votes with a duplicate voter, a burst and an IP cluster. (Hostile
 * text such as markup and bidi overrides is tested in tests/, never shown to a new user.)
 */

export const DEFAULT_RULES: RuleInput[] = [
  { kind: 'banned_phrase', pattern: 'kill yourself', action: 'reject', note: 'Threats and incitement' },
  { kind: 'suspect_phrase', pattern: 'idiot*', action: 'report', note: 'Insults: a moderator decides' },
  { kind: 'max_links', action: 'hold', threshold: 2, note: 'Link spam' },
  { kind: 'repeat_text', action: 'hold', threshold: 10, note: 'The same text again within 10 minutes' },
  { kind: 'new_author', action: 'premoderate', threshold: 24, enabled: false, note: 'Hold first comments (off by default)' },
];

const BASE = Date.parse('2026-03-02T09:00:00.000Z');
const at = (minutes: number) => new Date(BASE + minutes * 60_000).toISOString();

const READERS = [
  ['r-ana', 'Ana Souza'],
  ['r-ben', 'Ben Okafor'],
  ['r-chloe', 'Chloé Marchand'],
  ['r-dev', 'Dev Patel'],
  ['r-eli', 'Eli Brandt'],
  ['r-fatima', 'Fatima Al-Sayed'],
  ['r-greg', 'Greg'],
  ['r-hana', 'Hana Kobayashi'],
] as const;

function comment(n: number, reader: number, body: string, extra: Partial<CommentIngestItem> = {}): CommentIngestItem {
  const [remoteId, displayName] = READERS[reader]!;
  return {
    remoteId: `sample-c${n}`,
    articleId: '',
    author: { remoteId, displayName, createdAt: '2025-06-01T00:00:00.000Z' },
    body,
    createdAt: at(n * 7),
    ...extra,
  };
}

const COMMENTS: CommentIngestItem[] = [
  comment(1, 0, 'Finally. My street has had lead pipes since the 1920s and nobody ever told us.'),
  comment(2, 1, 'Who checks that the contractors actually replace the private side of the line?', { publishedOnRemote: true }),
  comment(3, 2, 'The article says the rate goes up by about $4 a month. For how many years?'),
  comment(4, 0, 'Good question: the council briefing says ten years.', { parentRemoteId: 'sample-c3' }),
  comment(5, 3, 'Ten years is fine if the work is actually done this time.', { parentRemoteId: 'sample-c4' }),
  comment(6, 4, 'Nice try, council! Announce a plan, raise the rates, and the pipes stay in the ground.'),
  comment(7, 5, 'Click here for the real story the council won’t tell you: harbor-truth.example.com'),
  comment(8, 6, 'Anyone who voted for this is an idiot and should kill yourself', { reports: { count: 3, reasons: ['abuse', 'threat'] } }),
  comment(9, 6, 'What idiots run this council', { publishedOnRemote: true }),
  comment(10, 7, 'Read my review of the plan at pipes-review.example.com and decide for yourself'),
  comment(11, 1, 'Cheap pipes https://spam.example/a https://spam.example/b https://spam.example/c'),
  comment(12, 3, 'Will renters get the same notice as homeowners?'),
  comment(13, 3, 'Will renters get the same notice as homeowners?'),
  comment(14, 2, 'Thanks for explaining the grant money so clearly.', { publishedOnRemote: true }),
  comment(15, 5, 'My kids’ school tested high last year. Is it on the list?', { reports: { count: 1, reasons: ['off topic'] } }),
  comment(16, 0, 'Is there a map of the affected blocks?'),
  comment(17, 1, 'There is one on the city site, under Water Services.', { parentRemoteId: 'sample-c16' }),
  comment(18, 4, 'I used to work in that department. The inventory is incomplete.'),
  comment(19, 2, 'Le plomb dans l’eau, c’est un problème dans toutes les vieilles villes.'),
  comment(20, 7, 'We had our line tested last month: the lab took three weeks to send the result.'),
  comment(21, 6, 'Replace the council, not the pipes.'),
  comment(22, 5, 'Good reporting. Please follow up in a year.'),
  comment(23, 0, 'Has anyone had their line replaced already? How long did it take?'),
  comment(24, 1, 'Two days on our block, including the sidewalk.', { parentRemoteId: 'sample-c23' }),
];

function votes(articleId: string): VoteIngestItem[] {
  const list: VoteIngestItem[] = [];
  const add = (n: number, voter: string, axis: 'interesting' | 'support', value: 'yes' | 'no', minutes: number, extra: Partial<VoteIngestItem> = {}) =>
    list.push({ remoteId: `sample-v${n}`, articleId, axis, value, voter: { remoteId: voter, createdAt: '2025-01-01T00:00:00.000Z' }, votedAt: at(minutes), ...extra });
  let n = 0;
  for (let i = 0; i < 16; i += 1) {
    add(++n, `voter-${i}`, 'interesting', i % 4 === 0 ? 'no' : 'yes', 30 + i * 11, { ipHash: `ip-${i}` });
    add(++n, `voter-${i}`, 'support', i % 3 === 0 ? 'no' : 'yes', 31 + i * 11, { ipHash: `ip-${i}` });
  }
  // The same reader voting twice on one axis.
  add(++n, 'voter-3', 'support', 'yes', 300, { ipHash: 'ip-3' });
  // A burst: 22 fresh accounts from one IP within a minute.
  for (let i = 0; i < 22; i += 1) {
    list.push({
      remoteId: `sample-v${++n}`,
      articleId,
      axis: 'support',
      value: 'no',
      voter: { remoteId: `burst-${i}`, createdAt: at(400) },
      votedAt: new Date(BASE + 402 * 60_000 + i * 2_000).toISOString(),
      ipHash: 'ip-burst',
      deviceHash: i % 2 === 0 ? 'device-burst' : null,
    });
  }
  return list;
}

/** Seeds rules, comments and votes on the sample article. Runs once, inside seedOnce's transaction. */
export function seedModeration(db: Database, articleId: string): void {
  const moderation = new ModerationService(db, undefined, 'sample');
  for (const rule of DEFAULT_RULES) moderation.rules.create(rule, new Date().toISOString());
  ingestComments({ db }, COMMENTS.map((c) => ({ ...c, articleId })), 'sample');
  ingestVotes({ db }, votes(articleId), 'sample');
  const ids = (remote: string[]) =>
    db.prepare("SELECT id FROM comments WHERE source = 'sample' AND remote_id IN (SELECT value FROM json_each(?))").pluck().all(JSON.stringify(remote)) as number[];
  moderation.act({ action: 'approve', target: { ids: ids(['sample-c1', 'sample-c3', 'sample-c4', 'sample-c14', 'sample-c16', 'sample-c17', 'sample-c22']) }, note: '' });
  moderation.act({ action: 'spam', target: { ids: ids(['sample-c11']) }, note: 'Link spam' });
}
