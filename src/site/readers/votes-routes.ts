import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { html, type SafeHtml } from '../../shared/render/html';
import { VOTE_AXES } from '../../shared/remote/site-api';
import type { SiteDb } from '../db/open';
import { countInWindow, type RateLimit } from '../store/requests';
import { VoteStore, type MyVotes, type Tallies, type VoteAxis } from '../store/votes';
import { commentFormsFor, type CommentFormsReader } from './comment-forms';
import { FORM_TOKEN_FIELD, FORM_TOKEN_HEADER, formToken, formTokenValid, sameOrigin } from './csrf';
import { readerFromRequest, type SignedInReader } from './session';
import { FraudSignals } from './signals';
import { standingRefusal, VoterLookup, type Voter, type VotedArticle } from './voter';
import { READER_STRINGS, say, type ReaderStringKey, type ReaderStrings } from './strings';

/**
 * Readers' votes over HTTP:
 * - GET  /live/<id>/me.json  the signed-in reader's state (private, never cached), which the
 *   cacheable page's script uses to draw the vote widget;
 * - POST /live/<id>/vote     one answer or its withdrawal: JSON from the script (token in a
 *   header), or a plain form (token in a field) answered with a 303 back to /respond/<id>;
 * - GET  /respond/<id>       the same widget as plain forms, for browsers without JavaScript.
 * Every write checks the session, the reader's standing, the Origin and the form token, and
 * counts against per-reader and per-IP limits in the write's own transaction.
 */

export interface ReaderLimits {
  votesPerReader: RateLimit;
  /** null: no per-IP limit (a site whose readers all arrive through one proxy address). */
  votesPerIp: RateLimit | null;
}

export const DEFAULT_READER_LIMITS: ReaderLimits = {
  votesPerReader: { max: 30, windowMs: 60_000 },
  votesPerIp: { max: 600, windowMs: 60_000 },
};

export interface VoteRoutesOptions {
  site: SiteDb;
  publicUrl: () => string;
  now: () => number;
  limits: ReaderLimits;
  /** Called after a reader's write changed what an article page shows (cache purge hook). */
  afterArticleChanged: (articleId: string) => void | Promise<void>;
  /** More of the reader's state for /live/<id>/me.json (the comment routes' part), merged in. */
  meExtra?: (articleId: string, reader: SignedInReader | null, now: number) => Promise<Record<string, unknown>>;
  /** The site's reader sentences (`--strings`); the built-in English ones by default. */
  strings?: ReaderStrings;
  /** The secret form tokens are signed with, read once per process (ReaderContext.formSecret). */
  formSecret(): Promise<Buffer>;
}

/** The plain-form page, for other reader routes' answers to forms (see registerCommentRoutes). */
export type RespondPage = (request: FastifyRequest, reply: FastifyReply, found: { id: string; slug: string; headline: string }, state: { status: number; message: string | null }) => Promise<FastifyReply>;

const PRIVATE = 'private, no-store';
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const ArticleId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const VoteBodySchema = z.object({
  axis: z.enum(VOTE_AXES),
  answer: z.enum(['yes', 'no', 'withdraw']),
  [FORM_TOKEN_FIELD]: z.string().max(100).optional(),
});
/** Messages a redirect may name (never free text in a URL). */
const SaidSchema = z.enum([
  'voteSaved',
  'voteWithdrawn',
  'voteUnchanged',
  'commentPosted',
  'commentAwaiting',
  'commentEdited',
  'commentEditedAwaiting',
  'commentDeleted',
  'commentReported',
  'commentAlreadyReported',
]);

const words = (strings: ReaderStrings, keys: readonly ReaderStringKey[]) => Object.fromEntries(keys.map((key) => [key, strings[key]]));
const WIDGET_WORD_KEYS: readonly ReaderStringKey[] = [
  'voteQuestionInteresting',
  'voteQuestionSupport',
  'voteYes',
  'voteNo',
  'voteSaved',
  'voteWithdrawn',
  'voteUnchanged',
  'voteTallies',
  'signedInAs',
  'account',
  'signOut',
  'logInToVote',
  'refusedUnavailable',
];

/** Why this reader may not vote, or null. Desktop bans (banned_authors) count too. */
export async function refusal(site: SiteDb, reader: SignedInReader): Promise<ReaderStringKey | null> {
  const banned = reader.status !== 'banned' && reader.status !== 'suspended' ? await site.db.selectFrom('banned_authors').select('author_id').where('author_id', '=', reader.id).executeTakeFirst() : undefined;
  return standingRefusal(reader.status, banned !== undefined);
}

/** An article by its id from a request (anything else is no article). */
export async function findArticle(site: SiteDb, id: unknown): Promise<VotedArticle | null> {
  const parsed = ArticleId.safeParse(id);
  if (!parsed.success) return null;
  return (await site.db.selectFrom('articles').select(['id', 'slug', 'headline']).where('id', '=', parsed.data).executeTakeFirst()) ?? null;
}

export function registerVoteRoutes(app: FastifyInstance, options: VoteRoutesOptions): { respondPage: RespondPage } {
  const strings = options.strings ?? READER_STRINGS;
  const widgetWords = words(strings, WIDGET_WORD_KEYS);
  const { site } = options;
  // SQLite has one writer: concurrent votes share commits there (see VoteStore.flush).
  const votes = new VoteStore(site.db, site.engine === 'sqlite');
  const signals = new FraudSignals(site.db);
  const secret = options.formSecret;
  const https = () => options.publicUrl().startsWith('https:');
  // Without JavaScript, sign-in returns to the plain-form page (where the reader then votes);
  // with it, the widget's link returns to the article, where live.js draws the buttons.
  const loginUrl = (id: string) => `/login?return=${encodeURIComponent(`/respond/${id}`)}`;
  const articleLoginUrl = (slug: string) => `/login?return=${encodeURIComponent(`/${slug}/`)}`;

  const voters = new VoterLookup(site.db);
  async function findVoter(id: unknown, request: FastifyRequest, now = options.now()): Promise<Voter | null> {
    const parsed = ArticleId.safeParse(id);
    return parsed.success ? voters.find(parsed.data, request, now) : null;
  }

  const talliesText = (t: Tallies) => say(strings, 'voteTallies', { interesting: `${t.interesting.yes}/${t.interesting.total}`, support: `${t.support.yes}/${t.support.total}` });

  app.get('/live/:id/me.json', async (request, reply) => {
    const now = options.now();
    const voter = await findVoter((request.params as { id: string }).id, request, now);
    if (!voter) return reply.callNotFound();
    const { article: found, reader } = voter;
    reply.header('cache-control', PRIVATE).header('content-type', 'application/json; charset=utf-8').header('vary', 'Cookie');
    const extra = options.meExtra ? await options.meExtra(found.id, reader, now) : {};
    if (!reader) return reply.send(JSON.stringify({ ...extra, signedIn: false, loginUrl: articleLoginUrl(found.slug), words: { ...widgetWords, ...(extra.words as object | undefined) } }));
    const [mine, key] = await Promise.all([votes.mine(found.id, reader.id), secret()]);
    return reply.send(
      JSON.stringify({
        ...extra,
        signedIn: true,
        name: reader.displayName,
        formToken: formToken(key, reader.sessionHash),
        mine,
        refusal: voter.refusal ? strings[voter.refusal] : null,
        accountUrl: '/account',
        signOutUrl: '/account/sign-out',
        words: { ...widgetWords, ...(extra.words as object | undefined) },
      }),
    );
  });

  app.post('/live/:id/vote', async (request, reply) => {
    const fromScript = (request.headers['content-type'] ?? '').startsWith('application/json');
    const now = options.now();
    // The article, the session, the reader and a desk ban: one statement before the write.
    const voter = await findVoter((request.params as { id: string }).id, request, now);
    const found = voter?.article ?? null;
    /** A refusal: JSON for the script, the forms page with the sentence for a plain form. */
    const refuse = async (status: number, key: ReaderStringKey, values: Record<string, number> = {}) => {
      const message = say(strings, key, values);
      if (fromScript || !found) return reply.code(status).header('cache-control', PRIVATE).header('content-type', 'application/json; charset=utf-8').send(JSON.stringify({ message }));
      return respondPage(request, reply, found, { status, message });
    };
    if (!voter || !found) return refuse(404, 'refusedNoArticle');
    if (sameOrigin(request, options.publicUrl()) === false) return refuse(403, 'refusedForeign');
    const { reader } = voter;
    if (!reader) return refuse(401, 'refusedSignedOut');
    const body = VoteBodySchema.safeParse(request.body);
    const presented = fromScript ? request.headers[FORM_TOKEN_HEADER] : body.success ? body.data[FORM_TOKEN_FIELD] : undefined;
    if (!formTokenValid(await secret(), reader.sessionHash, presented)) return refuse(403, 'refusedFormExpired');
    if (!body.success) return refuse(400, 'refusedBadVote');
    if (voter.refusal) return refuse(403, voter.refusal);

    const device = await signals.deviceHash(request, https());
    if (device.setCookie) reply.header('set-cookie', device.setCookie);
    const ipHash = await signals.ipHash(request.ip, now);
    const { axis, answer } = body.data;
    const outcome = await votes.cast({
      articleId: found.id,
      readerId: reader.id,
      axis,
      answer,
      signals: { voterCreatedAt: reader.createdAt, ipHash, deviceHash: device.hash },
      now: new Date(now).toISOString(),
      limit: async (trx) => {
        const perReader = await countInWindow(trx, `votes:reader:${reader.id}`, options.limits.votesPerReader, now);
        const perIp = options.limits.votesPerIp ? await countInWindow(trx, `votes:ip:${ipHash}`, options.limits.votesPerIp, now) : 0;
        return Math.max(perReader, perIp);
      },
      // The script's answer shows the new tallies: read with the write (see VoteStore.cast).
      readAnswer: fromScript,
    });
    if (outcome.retryAfter > 0) {
      reply.header('retry-after', String(outcome.retryAfter));
      return refuse(429, 'refusedTooFast', { seconds: outcome.retryAfter });
    }
    if (outcome.changed) await afterArticleChanged(options, found.id, request);
    const said = !outcome.changed ? 'voteUnchanged' : answer === 'withdraw' ? 'voteWithdrawn' : 'voteSaved';
    if (!fromScript || !outcome.after) return reply.code(303).header('cache-control', PRIVATE).header('location', `/respond/${found.id}?said=${said}#votes`).send();
    const { tallies, mine } = outcome.after;
    return reply
      .header('cache-control', PRIVATE)
      .header('content-type', 'application/json; charset=utf-8')
      .send(JSON.stringify({ message: strings[said], tallies, mine }));
  });

  app.get('/respond/:id', async (request, reply) => {
    const found = await findArticle(site, (request.params as { id: string }).id);
    if (!found) return reply.callNotFound();
    const said = SaidSchema.safeParse((request.query as { said?: unknown }).said);
    return respondPage(request, reply, found, { status: 200, message: said.success ? strings[said.data] : null });
  });

  /** The vote widget as plain forms (no JavaScript), private to the signed-in reader. */
  async function respondPage(request: FastifyRequest, reply: FastifyReply, found: { id: string; slug: string; headline: string }, state: { status: number; message: string | null }) {
    const now = options.now();
    const reader = await readerFromRequest(site.db, request, now);
    const tallies = await votes.tallies(found.id);
    let widget: SafeHtml;
    let commentReader: CommentFormsReader | null = null;
    if (!reader) {
      widget = html`<p><a href="${loginUrl(found.id)}">${strings.logInToVote}</a></p>`;
    } else {
      const [mine, refused, key] = await Promise.all([votes.mine(found.id, reader.id), refusal(site, reader), secret()]);
      const token = formToken(key, reader.sessionHash);
      commentReader = { id: reader.id, token, refusal: refused ? strings[refused] : null };
      widget = html`<p class="reader-line">${say(strings, 'signedInAs', { name: reader.displayName })} · <a href="/account">${strings.account}</a></p>
${refused ? html`<p class="reader-refusal">${strings[refused]}</p>` : VOTE_AXES.map((axis) => axisForm(strings, found.id, axis, mine, token))}`;
    }
    const comments = await commentFormsFor(site, found.id, commentReader, loginUrl(found.id), now, { strings });
    const body = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${say(strings, 'voteOnArticle', { headline: found.headline })}</title>
<link rel="stylesheet" href="/assets/site.css"></head>
<body><main class="respond" id="votes">
<h1>${say(strings, 'voteOnArticle', { headline: found.headline })}</h1>
<p role="status">${state.message ?? ''}</p>
<p class="article-votes">${talliesText(tallies)}</p>
${widget}
${comments}
<p><a href="/${found.slug}/">${strings.backToArticle}</a></p>
</main></body></html>
`;
    return reply
      .code(state.status)
      .header('cache-control', PRIVATE)
      .header('content-security-policy', CSP)
      .header('content-type', 'text/html; charset=utf-8')
      .send(body.value);
  }
  return { respondPage };
}

function axisForm(strings: ReaderStrings, articleId: string, axis: VoteAxis, mine: MyVotes, token: string): SafeHtml {
  const question = strings[axis === 'interesting' ? 'voteQuestionInteresting' : 'voteQuestionSupport'];
  const current = mine[axis];
  const button = (answer: 'yes' | 'no') =>
    html`<button type="submit" name="answer" value="${answer}"${current === answer ? html` aria-pressed="true"` : html` aria-pressed="false"`}>${strings[answer === 'yes' ? 'voteYes' : 'voteNo']}</button>`;
  return html`<form method="post" action="/live/${articleId}/vote" class="vote-form">
<fieldset><legend>${question}</legend>
<input type="hidden" name="axis" value="${axis}"><input type="hidden" name="${FORM_TOKEN_FIELD}" value="${token}">
${button('yes')} ${button('no')}${current ? html` <button type="submit" name="answer" value="withdraw">${strings.voteWithdraw}</button> <span>${say(strings, 'voteYourAnswer', { answer: strings[current === 'yes' ? 'voteYes' : 'voteNo'] })}</span>` : ''}
</fieldset></form>`;
}

/**
 * After a reader's write changed what an article's pages show. The page cache and the purge of
 * listing pages are other parts of the site: they are called from here once merged.
 */
export async function afterArticleChanged(options: Pick<VoteRoutesOptions, 'afterArticleChanged'>, articleId: string, request: FastifyRequest): Promise<void> {
  try {
    await options.afterArticleChanged(articleId);
  } catch (error) {
    // A failed purge leaves a page stale for its cache lifetime; the vote itself is saved.
    request.log.warn({ err: error, articleId }, 'after-change hook failed');
  }
}
