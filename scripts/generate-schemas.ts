import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jsonSchemaFiles } from '../src/core/io/json-schema';
import { schemaSnapshot } from './schema-snapshot';
import { OPENAPI_FILE, openApiYaml } from '../src/core/remote/site/openapi';

/** Regenerates resources/schema/*.json from the zod models and the database schema snapshot. */
export function main(): void {
  const root = process.cwd();
  for (const [name, schema] of Object.entries(jsonSchemaFiles())) {
    writeFileSync(join(root, 'resources', 'schema', name), `${JSON.stringify(schema, null, 2)}\n`);
    console.log(`wrote resources/schema/${name}`);
  }
  writeFileSync(join(root, 'resources', 'api', OPENAPI_FILE), openApiYaml());
  console.log(`wrote resources/api/${OPENAPI_FILE}`);
  writeFileSync(join(root, 'tests', 'fixtures', 'schema-snapshot.json'), `${JSON.stringify(schemaSnapshot(), null, 2)}\n`);
  console.log('wrote tests/fixtures/schema-snapshot.json');
}
