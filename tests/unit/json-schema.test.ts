import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonSchemaFiles } from '../../src/core/io/json-schema';

const SCHEMA_DIR = fileURLToPath(new URL('../../resources/schema/', import.meta.url));
const HOW_TO_FIX = 'resources/schema is stale: run `npm run schema:generate` and commit the result';

describe('resources/schema', () => {
  const generated = jsonSchemaFiles();

  it('holds exactly the generated schema files', () => {
    const committed = readdirSync(SCHEMA_DIR).filter((name) => name.endsWith('.json')).sort();
    expect(committed, HOW_TO_FIX).toEqual(Object.keys(generated).sort());
  });

  it.each(Object.keys(generated))('%s matches the zod models, byte for byte', (name) => {
    // The generator writes 2-space JSON plus a newline; compare the text so formatting drift shows too.
    const committed = readFileSync(join(SCHEMA_DIR, name), 'utf8');
    expect(committed, HOW_TO_FIX).toBe(`${JSON.stringify(generated[name], null, 2)}\n`);
  });
});
