import nodemailer from 'nodemailer';
import type { FastifyBaseLogger } from 'fastify';

/** Sends one plain-text mail; throws when the mail server does not take it. */
export interface Mailer {
  send(message: { to: string; subject: string; text: string; link: string }, log: FastifyBaseLogger): Promise<void>;
}

/** Mail through an SMTP server (`--smtp smtp://user:pass@host:port`, or smtps:// for TLS). */
export function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    async send(message) {
      await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text });
    },
  };
}

/**
 * Without --smtp (a site on someone's own machine) the link goes to the server log, where the
 * person running it can copy it. Never use this on a public site: anyone with the log signs in.
 */
export const logMailer: Mailer = {
  async send(message, log) {
    log.info({ signInFor: message.to, signInLink: message.link }, `Sign-in link for ${message.to} (no --smtp, so it is logged instead of mailed): see signInLink`);
  },
};

export function checkSmtpUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`--smtp must be an address such as smtp://user:password@mail.example.com:587, got "${value}"`);
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new Error('--smtp must start with smtp:// or smtps://');
  return url.href;
}
