import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { SiteStorage } from '../../src/site/db/open';
import { startPostgres, type PostgresCluster } from './postgres';

/**
 * One suite, two engines: `describe.each(ENGINES)` runs a server test on SQLite and on
 * PostgreSQL. Each call of `storage()` is a fresh, empty store (a temp folder, or a new database
 * in the file's own throwaway cluster, started once per test file and stopped after it).
 */
export interface EngineUnderTest {
  name: 'sqlite' | 'postgres';
  storage(): Promise<SiteStorage>;
}

let cluster: PostgresCluster | null = null;
let starting: Promise<PostgresCluster> | null = null;
const folders: string[] = [];

export function useEngines(): EngineUnderTest[] {
  beforeAll(async () => {
    starting ??= startPostgres();
    cluster = await starting;
  }, 120_000);
  afterAll(() => {
    cluster?.stop();
    cluster = null;
    starting = null;
    while (folders.length) rmSync(folders.pop()!, { recursive: true, force: true });
  });
  return [
    {
      name: 'sqlite',
      async storage() {
        const dir = mkdtempSync(join(tmpdir(), 'copydesk-site-'));
        folders.push(dir);
        return { data: dir };
      },
    },
    {
      name: 'postgres',
      async storage() {
        if (!cluster) throw new Error('The PostgreSQL cluster for this file did not start.');
        return { database: await cluster.createDatabase() };
      },
    },
  ];
}
