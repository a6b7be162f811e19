import { resolve } from 'node:path';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, HELP_OPTION, line, parse, UsageError, type CliIO, type Command } from '../io';
import { untilStopped } from './serve';

/**
 * `copydesk site …`: the public site server (src/site) and its tokens. Not the static site,
 * which is `copydesk publish static`. src/site is loaded only when one of these runs.
 */

const STORAGE_OPTIONS = { data: { type: 'string', short: 'd' }, database: { type: 'string' } } as const;
const STORAGE_HELP = `  -d, --data DIR       Keep the site in SQLite in this folder (default: $COPYDESK_SITE_DATA, else ./copydesk-site)
      --database URL   Keep it in PostgreSQL instead: postgres://user@host:port/name
                       (default: $COPYDESK_SITE_DATABASE; the environment keeps a password out of ps)
  -h, --help           Show this help`;

type StorageValues = { data?: string | undefined; database?: string | undefined };

function storageOf(values: StorageValues, io: CliIO): { data: string } | { database: string } {
  if (values.data && values.database) throw new UsageError('give --data or --database, not both');
  const database = values.database ?? (values.data ? undefined : io.env.COPYDESK_SITE_DATABASE);
  if (database) return { database };
  return { data: resolve(values.data || io.env.COPYDESK_SITE_DATA || 'copydesk-site') };
}

function portOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535, got "${value}"`);
  return port;
}

function publicUrlOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--public-url must be a full address such as https://news.example.com/, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError('--public-url must start with http:// or https://');
  return url.href;
}

/** A start-up failure as a sentence about the user's setup, not a driver's error code. */
function explain(error: unknown, options: { storage: StorageValues; host: string; port: number }): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'EADDRINUSE') return `Port ${options.port} on ${options.host} is already in use; choose another with --port.`;
  if (code === 'EACCES') return `This user may not listen on port ${options.port}; choose a port above 1023 with --port, or run behind a proxy.`;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND') return 'Could not reach the PostgreSQL server named in --database; is it running, and is the address right?';
  if (code === '3D000') return 'The database named in --database does not exist; create it first (createdb NAME).';
  return error instanceof Error ? error.message : String(error);
}

function purgeUrlOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--purge-url must be a full address such as https://purge.example.com/copydesk, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError('--purge-url must start with http:// or https://');
  return url.href;
}

function titleOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const title = value.trim();
  if (title === '' || title.length > 120) throw new UsageError('--title must be 1 to 120 characters');
  return title;
}

type ReaderValues = { smtp?: string | undefined; 'mail-from'?: string | undefined; 'sso-secret'?: string | undefined; 'deleted-comments'?: string | undefined; strings?: string | undefined; 'comment-moderation'?: string | undefined; 'trust-after'?: string | undefined };

/** Reader-account settings: mail, SSO, what happens to a deleted reader's comments, wording. */
async function readerOptionsOf(values: ReaderValues, io: CliIO) {
  const { smtpMailer, checkSmtpUrl } = await import('../../site/readers/mail');
  const { loadReaderStrings } = await import('../../site/readers/strings');
  const deleted = values['deleted-comments'] ?? 'keep';
  if (deleted !== 'keep' && deleted !== 'remove') throw new UsageError('--deleted-comments must be keep or remove');
  const mode = values['comment-moderation'] ?? 'new';
  if (mode !== 'pre' && mode !== 'new' && mode !== 'post') throw new UsageError('--comment-moderation must be pre, new or post');
  const trustText = values['trust-after'] ?? '3';
  if (!/^\d{1,4}$/.test(trustText)) throw new UsageError(`--trust-after must be a whole number of approved comments, got "${trustText}"`);
  if (values['trust-after'] !== undefined && mode !== 'new') throw new UsageError('--trust-after applies to --comment-moderation new only');
  const smtp = values.smtp ?? io.env.COPYDESK_SITE_SMTP;
  if (values['mail-from'] !== undefined && !smtp) throw new UsageError('--mail-from needs --smtp (without it sign-in links go to the log)');
  const from = values['mail-from'] ?? 'Copydesk Site <no-reply@localhost>';
  const ssoSecret = values['sso-secret'] ?? io.env.COPYDESK_SITE_SSO_SECRET ?? null;
  if (ssoSecret !== null && Buffer.byteLength(ssoSecret) < 32) throw new UsageError('--sso-secret must be at least 32 bytes (HS256 needs a key as long as its hash)');
  let url: string | undefined;
  let strings;
  try {
    url = smtp ? checkSmtpUrl(smtp) : undefined;
    strings = loadReaderStrings(values.strings === undefined ? undefined : resolve(values.strings));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  return { mailer: url ? smtpMailer(url, from) : undefined, ssoSecret, deletedComments: deleted as 'keep' | 'remove', strings, commentModeration: { mode: mode as 'pre' | 'new' | 'post', trustAfter: Number(trustText) } };
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

async function serve(args: string[], io: CliIO): Promise<number> {
  const { values } = parse(args, {
    ...STORAGE_OPTIONS,
    host: { type: 'string' },
    port: { type: 'string', short: 'p' },
    'public-url': { type: 'string' },
    'purge-url': { type: 'string' },
    title: { type: 'string' },
    'log-level': { type: 'string' },
    smtp: { type: 'string' },
    'mail-from': { type: 'string' },
    'sso-secret': { type: 'string' },
    'deleted-comments': { type: 'string' },
    'comment-moderation': { type: 'string' },
    'trust-after': { type: 'string' },
    strings: { type: 'string' },
    'trust-proxy': { type: 'boolean' },
    ...HELP_OPTION,
  });
  if (values.help) return (line(io.stdout, SERVE_HELP), EXIT_OK);
  const level = values['log-level'] ?? 'info';
  if (!LOG_LEVELS.includes(level)) throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);
  const options = { storage: storageOf(values, io), host: values.host ?? '127.0.0.1', port: portOf(values.port) ?? 8080, publicUrl: publicUrlOf(values['public-url']), purgeUrl: purgeUrlOf(values['purge-url']), title: titleOf(values.title) };
  const readers = await readerOptionsOf(values, io);
  const { startSiteServer } = await import('../../site/index');
  // JSON log lines (pino, with request ids) go to stderr; stdout carries only the address.
  const logger = { level, redact: ['req.headers.authorization'], stream: { write: (message: string) => void io.stderr.write(message) } };
  const site = await startSiteServer({ ...options, logger, readers, trustProxy: values['trust-proxy'] ?? false }).catch((error: unknown) => {
    throw new Error(explain(error, options));
  });
  line(io.stdout, `Copydesk site is running at ${site.url}`);
  // SIGTERM or SIGINT: stop taking requests, let in-flight ones finish, close the database.
  await untilStopped(io.signal);
  await site.close();
  return EXIT_OK;
}

async function withStore<R>(values: StorageValues, io: CliIO, fn: (site: import('../../site/index').SiteDb, store: typeof import('../../site/index')) => Promise<R>): Promise<R> {
  const store = await import('../../site/index');
  const site = await store.openSiteDb(storageOf(values, io));
  try {
    return await fn(site, store);
  } finally {
    await site.close();
  }
}

async function token(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(args, { ...STORAGE_OPTIONS, name: { type: 'string', short: 'n' }, scope: { type: 'string' }, json: { type: 'boolean' }, ...HELP_OPTION }, true);
  if (values.help) return (line(io.stdout, TOKEN_HELP), EXIT_OK);
  const [verb, target, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  if (verb === 'create') {
    if (!values.name) throw new UsageError('--name NAME is required (who or what will use the token, e.g. "newsroom desk")');
    const scopes = (values.scope ?? 'publish,moderate').split(',').map((s) => s.trim());
    return withStore(values, io, async (site, store) => {
      const bad = scopes.find((s) => !(store.SCOPES as readonly string[]).includes(s));
      if (bad !== undefined) throw new UsageError(`--scope takes ${store.SCOPES.join(', ')} (comma-separated), not "${bad}"`);
      const { token: secret, info } = await new store.TokenStore(site.db).create(values.name!, scopes as import('../../site/index').Scope[]);
      line(io.stdout, secret);
      line(io.stderr, `Token "${info.name}" created (${info.scopes.join(', ')}). It is shown only this once: only its hash is kept.`);
      return EXIT_OK;
    });
  }
  if (verb === 'list') {
    return withStore(values, io, async (site, store) => {
      const tokens = await new store.TokenStore(site.db).list();
      if (values.json) line(io.stdout, JSON.stringify(tokens, null, 2));
      else if (tokens.length === 0) line(io.stdout, 'No tokens yet. Create one with: copydesk site token create --name NAME');
      else for (const t of tokens) line(io.stdout, `${t.id}  ${t.revokedAt ? 'revoked' : 'active '}  ${t.scopes.join(',').padEnd(16)}  ${t.createdAt}  ${t.name}`);
      return EXIT_OK;
    });
  }
  if (verb === 'revoke') {
    if (!target) throw new UsageError('name the token to revoke: copydesk site token revoke NAME_OR_ID');
    return withStore(values, io, async (site, store) => {
      if (await new store.TokenStore(site.db).revoke(target)) {
        line(io.stdout, `Token "${target}" revoked; requests with it are refused from now on.`);
        return EXIT_OK;
      }
      line(io.stderr, `There is no active token named "${target}". See: copydesk site token list`);
      return EXIT_FAILURE;
    });
  }
  throw new UsageError(verb ? `unknown token command "${verb}" (create, list or revoke)` : 'say create, list or revoke');
}

async function migrate(args: string[], io: CliIO): Promise<number> {
  const { values } = parse(args, { ...STORAGE_OPTIONS, ...HELP_OPTION });
  if (values.help) return (line(io.stdout, MIGRATE_HELP), EXIT_OK);
  const storage = storageOf(values, io);
  const store = await import('../../site/index');
  const site = await store.openSiteDb(storage, { migrate: false });
  try {
    const applied = await store.migrateSite(site.db, site.engine);
    line(io.stdout, applied.length === 0 ? `The site database is up to date (${site.describe}).` : `Applied ${applied.length} migration(s) to ${site.describe}: ${applied.join(', ')}`);
    return EXIT_OK;
  } finally {
    await site.close();
  }
}

const SERVE_HELP = `Usage: copydesk site serve [--data DIR | --database URL] [--host H] [--port N] [--public-url URL]
                          [--purge-url URL] [--title NAME]
                          [--smtp URL] [--mail-from ADDR] [--sso-secret S] [--trust-proxy]

Runs Copydesk Site: the site API the desktop publishes to (under /api/), the published
articles' pages (/<slug>/) with their live votes and comments, the home, section and tag
pages, feeds, sitemap and robots.txt, and health checks (/healthz, /readyz). Prints the address, then JSON logs on stderr. SIGTERM or Ctrl+C stops it
after the requests in flight are answered.

Options:
      --host H         Address to listen on (default: 127.0.0.1; 0.0.0.0 for every interface)
  -p, --port N         Port (default: 8080; 0 for any free port)
      --public-url URL The address readers use, when behind a proxy (printed instead, and
                       used in the pages' canonical links)
      --purge-url URL  POST the pages each publish, unpublish or moderation decision changed
                       to this URL (JSON: event, urls, keys), for a CDN or cache to purge them
      --title NAME     The site's name on its pages (default: Copydesk Site)
      --log-level L    ${LOG_LEVELS.join(', ')} (default: info)
      --trust-proxy    Behind a proxy such as nginx: take each reader's address from
                       X-Forwarded-For (only when the proxy sets it; see docs/site.md)

Reader accounts:
      --smtp URL       Send sign-in links by mail: smtp://user:password@host:587 or smtps://…
                       (default: $COPYDESK_SITE_SMTP; without it links go to the log,
                       which suits a site on your own machine only)
      --mail-from ADDR The sender of those mails (default: Copydesk Site <no-reply@localhost>)
      --sso-secret S   Accept single sign-on tokens signed with S (HS256, 32+ bytes) at /sso
                       (default: $COPYDESK_SITE_SSO_SECRET; see docs/site.md)
      --deleted-comments keep|remove
                       A deleted reader's comments stay as from "a deleted reader" (keep, the
                       default) or are removed
      --comment-moderation pre|new|post
                       Readers' comments wait for a moderator: all of them (pre), those of
                       readers with fewer than --trust-after approved comments (new, the
                       default), or none (post: shown at once). The desktop's rules apply
                       in every mode, and can hold or reject a comment
      --trust-after N  Approved comments after which a reader's comments show at once
                       (--comment-moderation new; default 3)
      --strings FILE   A JSON object replacing some or all of the sentences readers see
${STORAGE_HELP}`;

const TOKEN_HELP = `Usage: copydesk site token create --name NAME [--scope publish,moderate]
       copydesk site token list [--json]
       copydesk site token revoke NAME_OR_ID

create  Makes an API token and prints it once; only its SHA-256 hash is stored
list    The tokens: id, state, scopes, when created, name (never the token)
revoke  Refuses the token from now on

Options:
  -n, --name NAME      Who or what uses the token (one active token per name)
      --scope LIST     publish (articles), moderate (comments, votes, decisions); default both
${STORAGE_HELP}`;

const MIGRATE_HELP = `Usage: copydesk site migrate [--data DIR | --database URL]

Brings the site database's schema up to date and says what it applied. \`site serve\` does the
same at start; run this first when several processes share one PostgreSQL database.

Options:
${STORAGE_HELP}`;

export const siteServerCommand: Command = {
  name: 'site',
  help: `Usage: copydesk site serve|token|migrate [options]

  serve    Run Copydesk Site (the site API and health checks)
  token    Create, list or revoke API tokens (site token --help)
  migrate  Bring the site database up to date

Run "copydesk site <command> --help" for each command's options.`,
  async run(args, io) {
    const [verb, ...rest] = args;
    if (verb === undefined) return (line(io.stderr, this.help), EXIT_USAGE);
    if (verb === '--help' || verb === '-h') return (line(io.stdout, this.help), EXIT_OK);
    if (verb === 'serve') return serve(rest, io);
    if (verb === 'token') return token(rest, io);
    if (verb === 'migrate') return migrate(rest, io);
    throw new UsageError(`unknown site command "${verb}" (serve, token or migrate)`);
  },
};
