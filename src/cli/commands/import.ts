import { importFiles } from '../../core/io/import';
import { importModerationFiles } from '../../core/moderation/cli-import';
import { EXIT_FAILURE, EXIT_OK, HELP_OPTION, line, parse, UsageError, WORKSPACE_HELP, WORKSPACE_OPTION, withWorkspace, type Command } from '../io';

export const importCommand: Command = {
  name: 'import',
  help: `Usage: copydesk import [options] FILE...
       copydesk import comments|votes [--source NAME] [options] FILE...

Imports articles from each FILE into the workspace:
  *.json               One article, an array of articles, or { "articles": [...] }
                       (schema: resources/schema/article-import.schema.json)
  *.md, *.markdown     One article in the Markdown format (docs/markdown-format.md)

Each file is all-or-nothing: a file with any problem imports nothing, and the error names the
file, the line or JSON path, and the problem. The other files are still imported.
An article whose id already exists replaces that article; a slug used by another article is an error.

"import comments" / "import votes" ingest reader comments or votes (JSON array, { "items": [...] }
or NDJSON, one item a line; schemas: resources/schema/comment-ingest.schema.json and
vote-ingest.schema.json). Items are matched on --source (default "import") and their remote id:
re-importing updates text and reports but never a moderator's decision.

Options:
${WORKSPACE_HELP}

Exit status: 0 if every file was imported, 1 if any file was rejected, 2 on a usage error.`,

  async run(args, io) {
    const { values, positionals } = parse(args, { ...WORKSPACE_OPTION, ...HELP_OPTION, source: { type: 'string' } }, true);
    if (values.help) {
      line(io.stdout, this.help);
      return EXIT_OK;
    }
    const kind = positionals[0] === 'comments' || positionals[0] === 'votes' ? positionals[0] : null;
    if (kind !== null) {
      const files = positionals.slice(1);
      if (files.length === 0) throw new UsageError(`no ${kind} files given`);
      return withWorkspace(values.workspace, io, async (workspace) => {
        let failed = 0;
        for (const report of await importModerationFiles(workspace, kind, files, values.source ?? 'import')) {
          if (report.ok) {
            const r = report.result;
            line(io.stdout, `imported ${report.file}: ${r.inserted} new, ${r.updated} updated, ${r.unchanged} unchanged${r.truncated ? `, ${r.truncated} truncated` : ''} ${kind}`);
          } else {
            failed += 1;
            line(io.stderr, `error: ${report.error.message}`);
          }
        }
        return failed > 0 ? EXIT_FAILURE : EXIT_OK;
      });
    }
    if (values.source !== undefined) throw new UsageError('--source applies to "import comments" and "import votes"');
    if (positionals.length === 0) throw new UsageError('no files given');
    return withWorkspace(values.workspace, io, async (workspace) => {
      const reports = await importFiles(workspace, positionals);
      let articles = 0;
      let rejected = 0;
      for (const report of reports) {
        if (report.ok) {
          articles += report.articles.length;
          const slugs = report.articles.map((a) => a.slug).join(', ');
          line(io.stdout, `imported ${report.file}: ${report.articles.length} article${report.articles.length === 1 ? '' : 's'}${slugs ? ` (${slugs})` : ''}`);
        } else {
          rejected += 1;
          line(io.stderr, `error: ${report.error.message}`);
        }
      }
      const summary = `${articles} article${articles === 1 ? '' : 's'} imported from ${reports.length - rejected} file${reports.length - rejected === 1 ? '' : 's'}`;
      if (rejected > 0) {
        line(io.stderr, `${summary}; ${rejected} file${rejected === 1 ? '' : 's'} rejected (nothing from ${rejected === 1 ? 'it' : 'them'} was written)`);
        return EXIT_FAILURE;
      }
      line(io.stdout, summary);
      return EXIT_OK;
    });
  },
};
