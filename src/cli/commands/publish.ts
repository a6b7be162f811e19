import { resolve } from 'node:path';
import { Publisher } from '../../core/publish/publisher';
import type { PublishProgress } from '../../shared/site';
import { publishToTarget } from './remote';
import { EXIT_FAILURE, EXIT_OK, HELP_OPTION, line, parse, UsageError, WORKSPACE_HELP, WORKSPACE_OPTION, withWorkspace, type Command } from '../io';

export const publishCommand: Command = {
  name: 'publish',
  help: `Usage: copydesk publish static [options]
       copydesk publish --target NAME [--all] [ARTICLE_ID...]
                        (queue and deliver to a remote target: the named articles, or every
                        published article changed since its last delivery; --all sends them all)

Builds the static site from every published article: article pages at their pretty URLs, the
home, section and tag pages, RSS/Atom/JSON feeds, sitemap.xml, robots.txt and a 404 page.
Only files whose content changed are written (each atomically); pages of unpublished articles
are deleted. The folder must be empty or one Copydesk published before (it holds .copydesk-site).
Pages are rendered by one worker thread per CPU (COPYDESK_PUBLISH_WORKERS=N sets how many; 0
renders in the main thread).

Options:
  -o, --out DIR   The output folder (default: the one set in the app's Settings)
  -n, --dry-run   List what would be written and deleted, without touching the folder
  -f, --force     Publish into a folder that has other files (they are never deleted)
${WORKSPACE_HELP}`,

  async run(args, io) {
    // `copydesk publish --target NAME`: a remote target (site API or Ghost) instead of the static site.
    if (args.some((arg) => arg === '--target' || arg === '-t' || arg.startsWith('--target='))) return publishToTarget(args, io);
    const { values, positionals } = parse(
      args,
      { out: { type: 'string', short: 'o' }, 'dry-run': { type: 'boolean', short: 'n' }, force: { type: 'boolean', short: 'f' }, ...WORKSPACE_OPTION, ...HELP_OPTION },
      true,
    );
    if (values.help) {
      line(io.stdout, this.help);
      return EXIT_OK;
    }
    const [target, ...extra] = positionals;
    if (target !== 'static') throw new UsageError(target === undefined ? 'say what to publish: copydesk publish static' : `unknown target "${target}" (use static)`);
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    const tty = (io.stdout as { isTTY?: boolean }).isTTY === true;
    let last = 0;
    const onProgress = (p: PublishProgress) => {
      if (!tty || p.total === 0) return;
      const now = Date.now();
      if (p.phase !== 'done' && now - last < 100) return;
      last = now;
      io.stdout.write(`\r${p.phase.padEnd(9)} ${p.done} of ${p.total} files`);
      if (p.phase === 'done') io.stdout.write('\n');
    };
    return withWorkspace(values.workspace, io, async (workspace) => {
      const publisher = new Publisher(workspace);
      const summary = await publisher.publishSite({
        ...(values.out !== undefined ? { outDir: resolve(values.out) } : {}),
        dryRun: values['dry-run'] === true,
        force: values.force === true,
        onProgress,
      });
      if (summary.dryRun) {
        for (const path of summary.written) line(io.stdout, `would write   ${path}`);
        for (const path of summary.deleted) line(io.stdout, `would delete  ${path}`);
      }
      for (const error of summary.errors) line(io.stderr, `error: ${error.path}: ${error.message}`);
      line(
        io.stdout,
        `${summary.dryRun ? 'dry run: ' : ''}${summary.written.length} written, ${summary.unchanged} unchanged, ${summary.deleted.length} deleted, ${summary.errors.length} errors (${summary.articles} articles, ${summary.ms} ms) in ${summary.outDir}`,
      );
      return summary.errors.length > 0 ? EXIT_FAILURE : EXIT_OK;
    });
  },
};
