import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Article } from '../../shared/article';
import { ASSET_SRC_PATTERN } from '../../shared/assets';
import type { PreviewTheme } from '../../shared/render/preview';
import { renderPreviewDocument } from '../../shared/render/preview';
import type { SiteSettings } from '../../shared/site';
import type { Database } from '../db/open';
import { previewEngagement } from './engagement';
import type { PreviewFolder } from './preview-folder';

export interface PreviewFileInput {
  db: Database;
  workspaceDir: string;
  article: Article;
  site: SiteSettings;
  theme: PreviewTheme;
  /** The private folder preview files go to (preview-folder.ts). */
  folder: PreviewFolder;
}

/**
 * "Open in browser" in the desktop app: the preview page of the saved article, written as a
 * standalone HTML file for the system browser (the app window's guards never open pages). It is
 * the same renderer and CSP as the preview frame; images are file: URLs into the workspace, the
 * only origin besides data: the page may load. One file per article, replaced each time, in a
 * folder only this user can read.
 */
export function writePreviewFile(input: PreviewFileInput): string {
  const { comments, votes } = previewEngagement(input.db, input.article.id);
  const html = renderPreviewDocument({
    article: input.article,
    comments,
    votes,
    site: input.site,
    assetUrl: (src) => (ASSET_SRC_PATTERN.test(src) ? pathToFileURL(join(resolve(input.workspaceDir), src)).href : null),
    imageSources: ['file:'],
    theme: input.theme,
  });
  // The id, not the slug: ids are safe file names and one article keeps one file.
  return input.folder.write(`${input.article.id.replace(/[^A-Za-z0-9_-]/g, '_')}.html`, html);
}
