import { z } from 'zod';
import { ArticleImportFileSchema } from '../../shared/article';

/**
 * JSON Schema files for what `copydesk import` reads, generated from the same zod models the
 * app validates with. A unit test fails when the committed files under resources/schema drift.
 */
export function jsonSchemaFiles(): Record<string, unknown> {
  return {
    'article-import.schema.json': {
      ...z.toJSONSchema(ArticleImportFileSchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }),
      $id: 'https://copydesk.app/schema/article-import.schema.json',
    },
  };
}
