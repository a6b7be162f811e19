import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/core/db/open';

/** Column definitions of every table after all migrations: the record the snapshot test checks. */
export function schemaSnapshot(): Record<string, unknown[]> {
  const dir = mkdtempSync(join(tmpdir(), 'copydesk-schema-'));
  try {
    const db = openDatabase(join(dir, 'schema.db'));
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name")
      .all() as { name: string }[];
    const result: Record<string, unknown[]> = {};
    for (const { name } of tables) {
      result[name] = db.prepare(`SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(?)`).all(name);
    }
    db.close();
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
