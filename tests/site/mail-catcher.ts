import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server on 127.0.0.1 that keeps every message it is given, for tests that read the
 * site's sign-in mail. No TLS and no login: the site's nodemailer speaks plain SMTP to it.
 */
export interface CaughtMail {
  from: string;
  to: string[];
  /** The raw message, headers and body, as delivered. */
  raw: string;
  /** The decoded text body (quoted-printable undone). */
  text: string;
}

export interface MailCatcher {
  url: string;
  mails: CaughtMail[];
  /** The next mail to `address` (waits up to `ms` for it to arrive). */
  next(address: string, ms?: number): Promise<CaughtMail>;
  /** Forgets every mail so far (between tests), so `next` only sees later ones. */
  skipAll(): void;
  /** The sign-in link in a mail. */
  linkIn(mail: CaughtMail): string;
  close(): Promise<void>;
}

function decodeQuotedPrintable(body: string): string {
  const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_whole, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

function textOf(raw: string): string {
  const split = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, split);
  const body = raw.slice(split + 4);
  return /content-transfer-encoding:\s*quoted-printable/i.test(headers) ? decodeQuotedPrintable(body) : body;
}

export async function startMailCatcher(): Promise<MailCatcher> {
  const mails: CaughtMail[] = [];
  const waiting: (() => void)[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        mails.push({ from, to: session.envelope.rcptTo.map((r) => r.address), raw, text: textOf(raw) });
        waiting.splice(0).forEach((wake) => wake());
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  const taken = new Set<CaughtMail>();
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    async next(address, ms = 10_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const mail = mails.find((m) => !taken.has(m) && m.to.includes(address));
        if (mail) {
          taken.add(mail);
          return mail;
        }
        if (Date.now() > deadline) throw new Error(`No mail reached ${address} within ${ms} ms.`);
        await new Promise<void>((resolve) => {
          waiting.push(resolve);
          setTimeout(resolve, 200);
        });
      }
    },
    skipAll() {
      mails.splice(0);
    },
    linkIn(mail) {
      const match = /https?:\/\/\S+\/login\/link\?token=[A-Za-z0-9_-]{43}/.exec(mail.text);
      if (!match) throw new Error(`The mail holds no sign-in link:\n${mail.text}`);
      return match[0];
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
