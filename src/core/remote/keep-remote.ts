import type { ArticleFields } from '../../shared/article';
import type { ArticleService } from '../articles/service';
import { fieldsOf } from '../revisions/service';

/** Brings a target's version of an article into Copydesk ("keep remote" on a conflict). */
export type ApplyRemote = (articleId: string, fields: Partial<ArticleFields>) => void;

/**
 * Saves the remote fields over the local article. The local version is first kept as a named
 * revision, so taking the remote one is a step the history view can undo.
 */
export function keepRemoteVersion(articles: ArticleService): ApplyRemote {
  return (articleId, fields) => {
    articles.saveVersion(articleId, 'Before keeping the published version');
    articles.save({ ...fieldsOf(articles.get(articleId)), ...fields, id: articleId });
  };
}
