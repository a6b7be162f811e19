import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { OPENAPI_FILE, openApiYaml } from '../../src/core/remote/site/openapi';
import { SITE_API_SCHEMAS } from '../../src/shared/remote/site-api';

const FILE = fileURLToPath(new URL(`../../resources/api/${OPENAPI_FILE}`, import.meta.url));

describe('resources/api/openapi.yaml', () => {
  it('matches the zod models byte for byte (run `npm run schema:generate` when this fails)', () => {
    expect(readFileSync(FILE, 'utf8')).toBe(openApiYaml());
  });

  it('is OpenAPI 3.1 with every operation the site implements, each write requiring Idempotency-Key', () => {
    const doc = parse(readFileSync(FILE, 'utf8'));
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(['/articles/{id}', '/comments', '/votes', '/moderation', '/moderation/rules']);
    for (const op of [doc.paths['/articles/{id}'].put, doc.paths['/articles/{id}'].delete, doc.paths['/moderation'].post, doc.paths['/moderation/rules'].put]) {
      expect(op.parameters.some((p: { name: string; required: boolean }) => p.name === 'Idempotency-Key' && p.required)).toBe(true);
    }
    expect(doc.paths['/articles/{id}'].put.responses).toHaveProperty('412');
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(Object.keys(SITE_API_SCHEMAS)));
  });

  it('its component schemas compile and every $ref resolves', () => {
    const doc = parse(readFileSync(FILE, 'utf8'));
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    ajv.addSchema({ ...doc, $id: 'openapi' });
    for (const name of Object.keys(doc.components.schemas)) expect(ajv.getSchema(`openapi#/components/schemas/${name}`)).toBeTypeOf('function');
  });
});
