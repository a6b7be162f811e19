import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Article } from '../../shared/article';
import { ASSET_SRC_PATTERN } from '../../shared/assets';
import type { PreviewTheme } from '../../shared/render/preview';
import { renderPreviewDocument } from '../../shared/render/preview';
import type { SiteSettings } from '../../shared/site';
import type { Database } from '../db/open';
import { previewEngagement } from './engagement';

export interface PreviewFileInput {
  db: Database;
  workspaceDir: string;
  article: Article;
  site: SiteSettings;
  theme: PreviewTheme;
  /** Where preview files go (default: a copydesk-preview folder in the OS temp folder). */
  dir?: string;
}

/**
 * "Open in browser" in the desktop app: the preview page of the saved article, written as a
 * standalone HTML file for the system browser (the app window's guards never open pages). It is
 * the same renderer and CSP as the preview frame; images are file: URLs into the workspace, the
 * only origin besides data: the page may load. One file per article, overwritten each time.
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
  const dir = input.dir ?? join(tmpdir(), 'copydesk-preview');
  mkdirSync(dir, { recursive: true });
  // The id, not the slug: ids are safe file names and one article keeps one file.
  const file = join(dir, `${input.article.id.replace(/[^A-Za-z0-9_-]/g, '_')}.html`);
  writeFileSync(file, html);
  return file;
}
