import { z } from 'zod';
import { stringify } from 'yaml';
import { SITE_API_SCHEMAS } from '../../../shared/remote/site-api';

/**
 * resources/api/openapi.yaml: the site-backend contract. Paths are written here by hand; the
 * components/schemas section is generated from the zod models in shared/remote/site-api.ts,
 * and a unit test fails when the committed file is stale (`npm run schema:generate`).
 */

export const OPENAPI_FILE = 'openapi.yaml';

const ref = (name: keyof typeof SITE_API_SCHEMAS) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: keyof typeof SITE_API_SCHEMAS) => ({ 'application/json': { schema: ref(name) } });
const error = (description: string) => ({ description, content: json('Error') });

const idempotencyKey = {
  name: 'Idempotency-Key',
  in: 'header',
  required: true,
  description:
    'A UUID chosen by the client per logical write. A repeated key returns the stored response of the first request (status, headers and body) without applying the write again; it is checked before If-Match.',
  schema: { type: 'string', format: 'uuid' },
};
const articleId = { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' } };
const since = {
  name: 'since',
  in: 'query',
  required: false,
  description: 'The `nextCursor` of the previous page; omit to start from the beginning.',
  schema: { type: 'string', maxLength: 200 },
};
const limit = { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } };
const common = {
  '401': error('Missing or wrong bearer token'),
  '429': error('Too many requests; retry later'),
  '503': error('Temporarily unavailable; retry later'),
};

function paths(): Record<string, unknown> {
  return {
    '/articles/{id}': {
      parameters: [articleId],
      get: {
        operationId: 'getArticle',
        summary: 'Read the article as the site holds it (used before resolving a conflict)',
        responses: {
          '200': { description: 'The stored article', headers: { ETag: { schema: { type: 'string' } } }, content: json('StoredArticle') },
          '404': error('No such article'),
          ...common,
        },
      },
      put: {
        operationId: 'putArticle',
        summary: 'Create or fully replace (publish) an article',
        parameters: [
          idempotencyKey,
          {
            name: 'If-Match',
            in: 'header',
            required: false,
            description: 'The version last returned for this article. Omitted only when the client has never published it.',
            schema: { type: 'string' },
          },
        ],
        requestBody: { required: true, content: json('SiteArticle') },
        responses: {
          '200': { description: 'Stored; the new version', headers: { ETag: { schema: { type: 'string' } } }, content: json('ArticleVersion') },
          '400': error('The body does not match SiteArticle'),
          '412': error('If-Match is not the current version (or is missing for an existing article)'),
          ...common,
        },
      },
      delete: {
        operationId: 'deleteArticle',
        summary: 'Unpublish an article (deleting one that does not exist succeeds)',
        parameters: [idempotencyKey],
        responses: { '204': { description: 'Gone' }, ...common },
      },
    },
    '/comments': {
      get: {
        operationId: 'listComments',
        summary: 'Comments created or changed after a cursor, oldest change first',
        parameters: [since, limit],
        responses: { '200': { description: 'One page', content: json('CommentPage') }, '400': error('Bad cursor or limit'), ...common },
      },
    },
    '/votes': {
      get: {
        operationId: 'listVotes',
        summary: 'Votes cast or voided after a cursor, oldest change first',
        parameters: [since, limit],
        responses: { '200': { description: 'One page', content: json('VotePage') }, '400': error('Bad cursor or limit'), ...common },
      },
    },
    '/moderation': {
      post: {
        operationId: 'moderate',
        summary: 'Apply moderation decisions (approve, reject, spam, ban, void vote) in order',
        parameters: [idempotencyKey],
        requestBody: { required: true, content: json('ModerationBatch') },
        responses: { '200': { description: 'Per-decision outcome', content: json('ModerationResult') }, '400': error('Invalid batch'), ...common },
      },
    },
    '/moderation/rules': {
      get: {
        operationId: 'getModerationRules',
        summary: 'The moderation rules the site applies when a reader submits a comment, with their version',
        responses: { '200': { description: 'The stored set', content: json('StoredModerationRuleSet') }, ...common },
      },
      put: {
        operationId: 'putModerationRules',
        summary: 'Replace the rule set (banned and suspect words, links, repeats); sending the same set again changes nothing',
        parameters: [idempotencyKey],
        requestBody: { required: true, content: json('ModerationRuleSet') },
        responses: {
          '200': { description: 'Stored; the set now applied and its version', content: json('StoredModerationRuleSet') },
          '400': error('The body does not match ModerationRuleSet (a rule the desktop would refuse, e.g. a regular expression)'),
          ...common,
        },
      },
    },
  };
}

/** components/schemas from the zod models, with cross-references as $ref. */
export function componentSchemas(): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(SITE_API_SCHEMAS)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  });
  // Schemas referenced from several places (the Lexical state) come back under `__shared.$defs`;
  // hoist them into components/schemas so every reference is a plain `#/components/schemas/X`.
  const { __shared, ...named } = schemas as Record<string, Record<string, unknown>>;
  const hoisted = { ...named, ...((__shared?.['$defs'] as Record<string, Record<string, unknown>> | undefined) ?? {}) };
  const text = JSON.stringify(hoisted).replaceAll('#/components/schemas/__shared#/$defs/', '#/components/schemas/');
  const out: Record<string, unknown> = {};
  for (const [id, schema] of Object.entries(JSON.parse(text) as Record<string, Record<string, unknown>>)) {
    const { $schema: _schema, $id: _id, ...rest } = schema;
    out[id] = rest;
  }
  return out;
}

export function openApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Copydesk site API',
      version: '1.0.0',
      description:
        'What a news site implements so Copydesk can publish to it and moderate its readers. Every request carries `Authorization: Bearer <token>`; every write carries `Idempotency-Key`. Generated by `npm run schema:generate`; components/schemas come from Copydesk\'s zod models.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    security: [{ bearer: [] }],
    paths: paths(),
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: componentSchemas(),
    },
  };
}

export function openApiYaml(): string {
  return `# Generated by \`npm run schema:generate\` (src/core/remote/site/openapi.ts). Do not edit by hand.\n${stringify(openApiDocument(), { lineWidth: 0, aliasDuplicateObjects: false })}`;
}
