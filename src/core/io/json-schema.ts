import { z } from 'zod';
import { ArticleImportFileSchema } from '../../shared/article';
import { CommentIngestFileSchema, VoteIngestFileSchema } from '../../shared/moderation';

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
    'comment-ingest.schema.json': {
      ...z.toJSONSchema(CommentIngestFileSchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }),
      $id: 'https://copydesk.app/schema/comment-ingest.schema.json',
    },
    'vote-ingest.schema.json': {
      ...z.toJSONSchema(VoteIngestFileSchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }),
      $id: 'https://copydesk.app/schema/vote-ingest.schema.json',
    },
  };
}
