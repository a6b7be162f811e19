import { importAsset } from '../assets/assets';
import { publisherFor } from '../publish/publisher';
import { moderationHandlers } from '../moderation/handlers';
import { previewEngagement } from '../preview/engagement';
import { writePreviewFile } from '../preview/open-file';
import type { PreviewFolder } from '../preview/preview-folder';
import type { LocalSite } from '../local-site/local-site';
import { CopydeskError } from '../../shared/errors';
import type { Workspace } from '../workspace';
import type { Handlers } from './dispatch';

/** What only some hosts can do (the desktop app has a shell; the web host does not). */
export interface HostCapabilities {
  /** Opens a local file with the system's default application (the browser, for HTML). */
  openPath?(file: string): Promise<void>;
  /** Where "Open in browser" writes previews: private to this user, removed on quit. */
  previewFolder?: PreviewFolder;
  /** Asks the person for a folder with the system's picker; null when they cancel. */
  chooseFolder?(): Promise<string | null>;
  /** Runs a Copydesk site for this workspace on this computer (the desktop app and the web host). */
  localSite?: LocalSite;
}

function localSiteOf(host: HostCapabilities): LocalSite {
  if (!host.localSite) throw new CopydeskError('invalid_input', 'This copy of Copydesk cannot run a local site. Run one with `copydesk site serve` and add it as a target.');
  return host.localSite;
}

/** Maps each contract call onto the workspace's services. No logic of its own lives here. */
export function createHandlers(workspace: Workspace, host: HostCapabilities = {}): Handlers {
  const { articles } = workspace;
  const publisher = publisherFor(workspace);
  return {
    'workspace:info': () => ({ path: workspace.dir, articleCount: articles.count() }),
    'articles:list': (query) => articles.list(query),
    'articles:get': ({ id }) => articles.get(id),
    'articles:create': (input) => articles.create(input),
    'articles:save': (input) => articles.save(input),
    'articles:patch': (input) => articles.savePatch(input),
    'articles:trash': ({ id }) => articles.trash(id),
    'articles:restore': ({ id }) => articles.restore(id),
    'articles:purge': ({ id }) => articles.purge(id),
    'articles:search': (query) => articles.search(query),
    'articles:facets': () => articles.facets(),
    'revisions:list': ({ articleId }) => articles.revisions.list(articles.get(articleId).id),
    'revisions:create': ({ articleId, label }) => articles.revisions.list(articles.saveVersion(articleId, label).id),
    'revisions:diff': ({ articleId, from, to }) => articles.revisions.diff(articles.get(articleId), from, to),
    'revisions:restore': ({ articleId, revisionId }) => articles.restoreRevision(articleId, revisionId),
    'targets:list': () => workspace.remote.listTargets(),
    'targets:save': (input) => workspace.remote.saveTarget(input),
    'targets:delete': ({ id }) => workspace.remote.deleteTarget(id),
    'targets:test': ({ id }) => workspace.remote.testTarget(id),
    'outbox:list': (filter) => workspace.remote.listOutbox(filter),
    'outbox:retry': ({ id }) => workspace.remote.retry(id),
    'outbox:discard': ({ id }) => workspace.remote.discard(id),
    'outbox:payload': ({ id }) => workspace.remote.payload(id),
    'outbox:publish': ({ articleId }) => workspace.remote.queueArticle(workspace.articles.get(articleId), (id) => workspace.articles.get(id)),
    'network:get': () => workspace.remote.networkStatus(),
    'credentials:get': () => workspace.remote.credentialStore(),
    'credentials:update': ({ allowPlaintext }) => workspace.remote.setPlaintextAllowed(allowPlaintext),
    'conflicts:list': () => workspace.remote.listConflicts(),
    'conflicts:resolve': ({ id, resolution }) => workspace.remote.resolveConflict(id, resolution),
    'sync:run': ({ targetId }) => workspace.remote.sync(targetId),
    'site:get': () => publisher.settings.get(),
    'site:update': (changes) => publisher.settings.update(changes),
    'publish:site': ({ dryRun, force }) => publisher.publishSite({ dryRun, force }),
    'publish:article': ({ articleId, force }) => publisher.publishArticle(articleId, { force }),
    'publish:cancel': () => ({ cancelled: publisher.cancel() }),
    'publish:check': ({ articleId }) => publisher.checklist(articleId),
    'assets:import': async ({ name, dataBase64 }) => {
      const { src, width, height } = await importAsset(workspace, Buffer.from(dataBase64, 'base64'), name);
      return { src, width, height };
    },
    ...moderationHandlers(workspace),
    'preview:engagement': ({ articleId }) => previewEngagement(workspace.db, articles.get(articleId).id),
    'preview:open': async ({ articleId, theme }) => {
      const { openPath, previewFolder } = host;
      if (!openPath || !previewFolder) throw new CopydeskError('invalid_input', 'This host cannot open files: open the preview from the browser instead');
      const file = writePreviewFile({ db: workspace.db, workspaceDir: workspace.dir, article: articles.get(articleId), site: publisher.settings.get(), theme, folder: previewFolder });
      await openPath(file);
      return { file };
    },
    'dialog:chooseFolder': async () => {
      const { chooseFolder } = host;
      if (!chooseFolder) throw new CopydeskError('invalid_input', 'Type the folder’s full path here: this window cannot show the folder picker');
      return { path: await chooseFolder() };
    },
    'localsite:get': () => localSiteOf(host).status(),
    'localsite:start': () => localSiteOf(host).start(),
    'localsite:stop': async () => {
      const site = localSiteOf(host);
      await site.stop();
      return site.status();
    },
  };
}
