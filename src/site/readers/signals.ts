import { createHmac, randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { SiteDatabase } from '../db/schema';
import { siteSecret } from './csrf';
import { readCookie } from './session';

/**
 * The vote-fraud signals the desktop's vote view works with, made without keeping anything that
 * identifies a person: the IP is hashed under a salt that changes every UTC day (so two votes
 * from one address on one day match, but no table of hashes can be reversed or joined across
 * days), and the device is a random first-party cookie, stored only as a keyed hash.
 */

export const DEVICE_COOKIE = 'copydesk_device';
const DEVICE_LIFETIME_S = 365 * 24 * 60 * 60;
const DEVICE_TOKEN = /^[A-Za-z0-9_-]{43}$/;
/** Salts are kept for today and yesterday (a vote near midnight), then deleted. */
const SALT_PREFIX = 'ip-salt.';

const day = (now: number): string => new Date(now).toISOString().slice(0, 10);
const keyed = (secret: Buffer, text: string): string => createHmac('sha256', secret).update(text).digest('base64url').slice(0, 32);

export class FraudSignals {
  private salt: { day: string; secret: Promise<Buffer> } | null = null;
  private device: Promise<Buffer> | null = null;

  constructor(private readonly db: Kysely<SiteDatabase>) {}

  /** The salted hash of the request's IP for the day of `now`. */
  async ipHash(ip: string, now: number): Promise<string> {
    const today = day(now);
    if (this.salt?.day !== today) {
      const secret = siteSecret(this.db, `${SALT_PREFIX}${today}`);
      this.salt = { day: today, secret };
      // Rotation: older days' salts go, so yesterday's hashes can never be recomputed later.
      const yesterday = day(now - 24 * 60 * 60 * 1000);
      void this.db.deleteFrom('site_settings').where('key', 'like', `secret.${SALT_PREFIX}%`).where('key', '<', `secret.${SALT_PREFIX}${yesterday}`).execute().catch(() => undefined);
    }
    return `ip1_${keyed(await this.salt.secret, ip)}`;
  }

  /**
   * The device hash of the request, and a Set-Cookie value when the browser had no device
   * cookie yet (the caller sends it, so the next vote from this browser carries the same one).
   */
  async deviceHash(request: FastifyRequest, secure: boolean): Promise<{ hash: string; setCookie: string | null }> {
    let token = readCookie(request.headers.cookie, DEVICE_COOKIE);
    let setCookie: string | null = null;
    if (!token || !DEVICE_TOKEN.test(token)) {
      token = randomBytes(32).toString('base64url');
      setCookie = `${DEVICE_COOKIE}=${token}; Path=/; Max-Age=${DEVICE_LIFETIME_S}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
    }
    this.device ??= siteSecret(this.db, 'device');
    return { hash: `dv1_${keyed(await this.device, token)}`, setCookie };
  }
}
