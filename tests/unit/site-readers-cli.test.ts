import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main, type CliIO } from '../../src/cli/index';
import { openSiteDb } from '../../src/site/db/open';
import { ReaderBrowser } from '../site/reader-browser';
import { commentRequest, signedInReader } from '../site/readers';

/** The reader flags of `copydesk site serve`: what they refuse, and links in the log without --smtp. */

const folders: string[] = [];
const stops: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (stops.length) await stops.pop()!();
  while (folders.length) rmSync(folders.pop()!, { recursive: true, force: true });
});

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'copydesk-readers-cli-'));
  folders.push(dir);
  return dir;
}

function start(argv: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const controller = new AbortController();
  const io: CliIO = { stdout: { write: (c: string) => (stdout += c) }, stderr: { write: (c: string) => (stderr += c) }, env, signal: controller.signal };
  const code = main(argv, io);
  return { code, stdout: () => stdout, stderr: () => stderr, stop: () => (controller.abort(), code) };
}

async function until<T>(look: () => T | null | undefined): Promise<T> {
  for (let i = 0; i < 500; i++) {
    const found = look();
    if (found) return found;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('timed out waiting');
}

describe('copydesk site serve, reader flags', () => {
  it.each([
    [['--deleted-comments', 'hide'], '--deleted-comments must be keep or remove'],
    [['--sso-secret', 'short'], '--sso-secret must be at least 32 bytes'],
    [['--mail-from', 'desk@example.test'], '--mail-from needs --smtp'],
    [['--smtp', 'http://mail.example.test'], '--smtp must start with smtp:// or smtps://'],
    [['--comment-moderation', 'later'], '--comment-moderation must be pre, new or post'],
    [['--trust-after', 'three'], '--trust-after must be a whole number of approved comments'],
    [['--comment-moderation', 'post', '--trust-after', '2'], '--trust-after applies to --comment-moderation new only'],
  ])('refuses %j', async (flags, message) => {
    const run = start(['site', 'serve', '--data', folder(), '--port', '0', ...flags]);
    expect(await run.code).toBe(2);
    expect(run.stderr()).toContain(message);
  });

  it('refuses a strings file with an unknown key', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'strings.json'), JSON.stringify({ signInn: 'Anmelden' }));
    const run = start(['site', 'serve', '--data', dir, '--port', '0', '--strings', join(dir, 'strings.json')]);
    expect(await run.code).toBe(2);
    expect(run.stderr()).toContain('"signInn" is not one of the site\'s sentences.');
  });

  it('writes the sign-in link to the log without --smtp, and shows the site’s own wording', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'strings.json'), JSON.stringify({ sendLink: 'Link schicken' }));
    // At debug level reads are logged too, so the link's own request line is in the log.
    const run = start(['site', 'serve', '--data', dir, '--port', '0', '--log-level', 'debug', '--strings', join(dir, 'strings.json')]);
    stops.push(run.stop);
    const url = await until(() => /running at (\S+)/.exec(run.stdout())?.[1]);
    const browser = new ReaderBrowser(url);
    const page = await browser.get('/login');
    expect(page.text).toContain('Link schicken');
    expect((await browser.post('/login', { _csrf: ReaderBrowser.tokenIn(page), email: 'local@example.test', return: '/' })).status).toBe(200);
    const link = await until(() => /"signInLink":"([^"]+)"/.exec(run.stderr())?.[1]);
    expect(link.startsWith(`${url}login/link?token=`)).toBe(true);
    expect((await browser.get(link)).text).toContain('Press the button to finish signing in');
    // The request log names the link's page but not its token: only the mail line holds it.
    const token = new URL(link).searchParams.get('token')!;
    await until(() => run.stderr().includes('/login/link?token=[redacted]'));
    expect(run.stderr().split(token).length - 1).toBe(1);
  });

  it('issue 14.3: --comment-moderation post shows a new reader\u2019s comment at once (the default would hold it)', async () => {
    const dir = folder();
    const run = start(['site', 'serve', '--data', dir, '--port', '0', '--comment-moderation', 'post']);
    stops.push(run.stop);
    const url = await until(() => /running at (\S+)/.exec(run.stdout())?.[1]);
    const site = await openSiteDb({ data: dir });
    stops.push(() => site.close());
    await site.db
      .insertInto('articles')
      .values({ id: 'art1', slug: 'held', section: 'news', headline: 'Held', document: '{}', version: 1, published_at: null, updated_at: '2026-12-07T00:00:00.000Z', stored_at: '2026-12-07T00:00:00.000Z' })
      .execute();
    const reader = await signedInReader(site.db);
    const answer = (await (await commentRequest(url, 'art1', reader, '', { body: 'Shown at once.' })).json()) as { comment: { status: string } };
    expect(answer.comment.status).toBe('approved');
  });
});
