import { randomUUID } from 'node:crypto';
import type { Database } from '../db/open';
import { CopydeskError } from '../../shared/errors';
import { TargetSaveSchema, type Target, type TargetKind, type TargetSave } from '../../shared/remote/outbox';
import { AuthorMapSchema, type AuthorMap } from '../../shared/remote/author-map';
import { parseOrThrow } from '../validation';
import type { SecretStore } from './secrets';

export interface TargetRow {
  id: string;
  name: string;
  kind: TargetKind;
  baseUrl: string;
  autoPublish: boolean;
  createdAt: string;
  updatedAt: string;
}

const COLUMNS = 'id, name, kind, base_url AS baseUrl, auto_publish AS autoPublish, created_at AS createdAt, updated_at AS updatedAt';
type RawRow = Omit<TargetRow, 'autoPublish'> & { autoPublish: number };
const fromRaw = (r: RawRow): TargetRow => ({ ...r, autoPublish: r.autoPublish === 1 });

/** meta key of a target's author map (a settings value, so no table of its own). */
const authorMapKey = (targetId: string) => `remote.author_map.${targetId}`;

/** Remote targets: rows in SQLite, credentials in the SecretStore (never in the database). */
export class TargetRegistry {
  constructor(
    private readonly db: Database,
    private readonly secrets: SecretStore,
  ) {}

  rows(): TargetRow[] {
    return (this.db.prepare(`SELECT ${COLUMNS} FROM remote_targets ORDER BY name`).all() as RawRow[]).map(fromRaw);
  }

  row(id: string): TargetRow {
    const raw = this.db.prepare(`SELECT ${COLUMNS} FROM remote_targets WHERE id = ?`).get(id) as RawRow | undefined;
    if (!raw) throw new CopydeskError('not_found', `No target with id ${id}`);
    return fromRaw(raw);
  }

  byName(name: string): TargetRow {
    const raw = this.db.prepare(`SELECT ${COLUMNS} FROM remote_targets WHERE name = ?`).get(name) as RawRow | undefined;
    if (!raw) throw new CopydeskError('not_found', `No target named "${name}"`);
    return fromRaw(raw);
  }

  list(): Target[] {
    return this.rows().map((r) => this.toTarget(r));
  }

  credential(row: TargetRow): string | null {
    return this.secrets.get({ id: row.id, name: row.name });
  }

  toTarget(row: TargetRow): Target {
    let hasCredentials: boolean;
    try {
      hasCredentials = this.credential(row) !== null;
    } catch {
      // An unreadable store (e.g. a credentials file with loose permissions) counts as none.
      hasCredentials = false;
    }
    return { ...row, hasCredentials, authorMap: this.authorMap(row.id) };
  }

  /** The target's byline → staff email map; parsed on read (the database is a boundary too). */
  authorMap(targetId: string): AuthorMap {
    const raw = this.db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(authorMapKey(targetId)) as string | undefined;
    if (raw === undefined) return {};
    try {
      const parsed = AuthorMapSchema.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : {};
    } catch {
      return {};
    }
  }

  save(input: TargetSave): Target {
    const data = parseOrThrow(TargetSaveSchema, input, 'target');
    const time = new Date().toISOString();
    const write = (): string => {
      const clash = this.db.prepare('SELECT id FROM remote_targets WHERE name = ?').get(data.name) as { id: string } | undefined;
      if (clash && clash.id !== data.id) throw new CopydeskError('invalid_input', `A target named "${data.name}" exists`, { name: 'Already used' });
      if (data.id) {
        const previous = this.row(data.id);
        if (previous.name !== data.name) {
          // The credential is keyed by name in env/file stores: move it along.
          const secret = this.credential(previous);
          if (secret !== null) this.secrets.set({ id: previous.id, name: data.name }, secret);
          this.secrets.delete({ id: previous.id, name: previous.name });
        }
        this.db
          .prepare('UPDATE remote_targets SET name = ?, kind = ?, base_url = ?, auto_publish = ?, updated_at = ? WHERE id = ?')
          .run(data.name, data.kind, data.baseUrl, data.autoPublish ? 1 : 0, time, data.id);
        return data.id;
      }
      const created = randomUUID();
      this.db
        .prepare('INSERT INTO remote_targets (id, name, kind, base_url, auto_publish, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(created, data.name, data.kind, data.baseUrl, data.autoPublish ? 1 : 0, time, time);
      return created;
    };
    const id = this.db.transaction(() => {
      const saved = write();
      // Inside the transaction: a store that refuses the token (no keyring, no credentials file)
      // leaves no half-configured target behind.
      if (data.credential !== undefined) this.secrets.set({ id: saved, name: data.name }, data.credential);
      if (data.authorMap !== undefined) {
        this.db
          .prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
          .run(authorMapKey(saved), JSON.stringify(data.authorMap));
      }
      return saved;
    })();
    return this.toTarget(this.row(id));
  }

  delete(id: string): { id: string } {
    const row = this.row(id);
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM remote_targets WHERE id = ?').run(id);
      this.db.prepare('DELETE FROM meta WHERE key = ?').run(authorMapKey(id));
    })();
    this.secrets.delete({ id: row.id, name: row.name });
    return { id };
  }
}
