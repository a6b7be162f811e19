import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { SiteDatabase } from '../db/schema';

export const SCOPES = ['publish', 'moderate'] as const;
export type Scope = (typeof SCOPES)[number];

export const TokenNameSchema = z
  .string()
  .trim()
  .min(1, 'The token name is empty.')
  .max(80, 'The token name is longer than 80 characters.')
  .regex(/^[\p{L}\p{N} ._-]+$/u, 'The token name may hold letters, digits, spaces, dots, dashes and underscores.');
export const ScopesSchema = z.array(z.enum(SCOPES, { error: `A scope is one of: ${SCOPES.join(', ')}.` })).min(1);

/** `cds_<16 hex id>_<43 base64url secret>`: the id finds the row, the hash proves the secret. */
const TOKEN = /^cds_([0-9a-f]{16})_[A-Za-z0-9_-]{43}$/;

export interface TokenInfo {
  id: string;
  name: string;
  scopes: Scope[];
  createdAt: string;
  revokedAt: string | null;
}

export interface Caller {
  tokenId: string;
  scopes: Scope[];
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
/** Compared against when no row matches, so an unknown id costs the same as a wrong secret. */
const DUMMY_HASH = sha256('copydesk-site-no-such-token');

function toInfo(row: { id: string; name: string; scopes: string; created_at: string; revoked_at: string | null }): TokenInfo {
  return { id: row.id, name: row.name, scopes: row.scopes.split(',') as Scope[], createdAt: row.created_at, revokedAt: row.revoked_at };
}

export class TokenStore {
  constructor(private readonly db: Kysely<SiteDatabase>) {}

  /** Creates a token and returns it: the only time it exists outside the caller's hands. */
  async create(name: string, scopes: readonly Scope[] = SCOPES): Promise<{ token: string; info: TokenInfo }> {
    const cleanName = TokenNameSchema.parse(name);
    const cleanScopes = [...new Set(ScopesSchema.parse(scopes))];
    const existing = await this.db.selectFrom('site_tokens').select('id').where('name', '=', cleanName).where('revoked_at', 'is', null).executeTakeFirst();
    if (existing) throw new Error(`A token named "${cleanName}" already exists; revoke it first or choose another name.`);
    const id = randomBytes(8).toString('hex');
    const token = `cds_${id}_${randomBytes(32).toString('base64url')}`;
    const row = { id, name: cleanName, hash: sha256(token).toString('hex'), scopes: cleanScopes.join(','), created_at: new Date().toISOString(), revoked_at: null };
    await this.db.insertInto('site_tokens').values(row).execute();
    return { token, info: toInfo(row) };
  }

  async list(): Promise<TokenInfo[]> {
    const rows = await this.db.selectFrom('site_tokens').select(['id', 'name', 'scopes', 'created_at', 'revoked_at']).orderBy('created_at').orderBy('id').execute();
    return rows.map(toInfo);
  }

  /** Revokes by name or id; returns false when there is no such live token. */
  async revoke(nameOrId: string): Promise<boolean> {
    const result = await this.db
      .updateTable('site_tokens')
      .set({ revoked_at: new Date().toISOString() })
      .where((eb) => eb.or([eb('name', '=', nameOrId), eb('id', '=', nameOrId)]))
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /**
   * The caller a bearer token belongs to, or null. The presented token's SHA-256 is compared
   * with the stored one by crypto.timingSafeEqual, and a malformed or unknown token is compared
   * with a dummy hash, so the time taken does not tell how close a guess was.
   */
  async verify(presented: string): Promise<Caller | null> {
    const id = TOKEN.exec(presented)?.[1];
    const row = id ? await this.db.selectFrom('site_tokens').select(['id', 'hash', 'scopes', 'revoked_at']).where('id', '=', id).executeTakeFirst() : undefined;
    const expected = row ? Buffer.from(row.hash, 'hex') : DUMMY_HASH;
    const same = expected.length === 32 && timingSafeEqual(sha256(presented), expected);
    if (!row || !same || row.revoked_at !== null) return null;
    return { tokenId: row.id, scopes: row.scopes.split(',') as Scope[] };
  }
}
