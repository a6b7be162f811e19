import type { Database } from '../db/open';
import { renderArticlePage, siteArticleUrls } from '../../shared/render/article-page';
import { renderLexicalHtml } from '../../shared/render/lexical-html';
import { approvedComments, voteTallies } from '../moderation/public';
import { SiteSettingsStore } from '../publish/settings';
import type { RenderLexicalHtml } from './ghost/lexical';
import type { RenderArticle } from './target';

/**
 * The page a site-API PUT carries: the same renderer as preview and the static site, with the
 * workspace's site settings, approved comments and vote tallies. Relative links point into the
 * site the way the static site lays them out; the site may rewrite them.
 */
export function remotePageRenderer(db: Database): RenderArticle {
  const settings = new SiteSettingsStore(db);
  return (article) => {
    const site = settings.get();
    return renderArticlePage({
      article,
      comments: approvedComments(db, article.id),
      votes: voteTallies(db, article.id),
      site: { title: site.title, baseUrl: site.baseUrl, language: site.language, description: site.description, loginUrl: site.loginUrl },
      urls: siteArticleUrls(site.baseUrl, article),
    });
  };
}

/** Lexical → HTML for Ghost toggle cards (answers). */
export const remoteLexicalHtml: RenderLexicalHtml = (state) => renderLexicalHtml(state);
