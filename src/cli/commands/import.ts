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
Importing an article that is already in the workspace updates it (a new revision, as an edit
in the editor makes): the same id, or when the file gives no id, the same slug (the one given,
or the one the title makes). A slug used by an article with another id is an error.

"import comments" / "import votes" ingest reader comments or votes (JSON array, { "items": [...] }
or NDJSON, one item a line; schemas: resources/schema/comment-ingest.schema.json and
vote-ingest.schema.json). Items are matched on --source (default "import") and their remote id:
re-importing updates text and reports but never a moderator's decision.

Options:
      --as-new         Always create new articles (new ids, slugs made unique: slug-2, …)
${WORKSPACE_HELP}

Exit status: 0 if every file was imported, 1 if any file was rejected, 2 on a usage error.`,

  async run(args, io) {
    const { values, positionals } = parse(args, { ...WORKSPACE_OPTION, ...HELP_OPTION, source: { type: 'string' }, 'as-new': { type: 'boolean' } }, true);
    if (values.help) {
      line(io.stdout, this.help);
      return EXIT_OK;
    }
    const kind = positionals[0] === 'comments' || positionals[0] === 'votes' ? positionals[0] : null;
    if (kind !== null) {
      if (values['as-new']) throw new UsageError('--as-new applies to article imports');
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
      const reports = await importFiles(workspace, positionals, { asNew: values['as-new'] === true });
      let created = 0;
      let updated = 0;
      let rejected = 0;
      for (const report of reports) {
        if (report.ok) {
          const made = report.articles.filter((a) => a.created).length;
          created += made;
          updated += report.articles.length - made;
          const slugs = report.articles.map((a) => a.slug).join(', ');
          line(io.stdout, `imported ${report.file}: ${plural(report.articles.length, 'article')}${slugs ? ` (${slugs})` : ''}`);
        } else {
          rejected += 1;
          line(io.stderr, `error: ${report.error.message}`);
        }
      }
      const files = reports.length - rejected;
      const summary = `${plural(created + updated, 'article')} imported from ${plural(files, 'file')}: ${created} created, ${updated} updated`;
      if (rejected > 0) {
        line(io.stderr, `${summary}; ${plural(rejected, 'file')} rejected (nothing from ${rejected === 1 ? 'it' : 'them'} was written)`);
        return EXIT_FAILURE;
      }
      line(io.stdout, summary);
      return EXIT_OK;
    });
  },
};

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
