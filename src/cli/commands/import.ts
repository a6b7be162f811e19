import { importFiles } from '../../core/io/import';
import { EXIT_FAILURE, EXIT_OK, HELP_OPTION, line, parse, UsageError, WORKSPACE_HELP, WORKSPACE_OPTION, withWorkspace, type Command } from '../io';

export const importCommand: Command = {
  name: 'import',
  summary: 'Import articles from JSON or Markdown files',
  help: `Usage: copydesk import [options] FILE...

Imports articles from each FILE into the workspace:
  *.json               One article, an array of articles, or { "articles": [...] }
                       (schema: resources/schema/article-import.schema.json)
  *.md, *.markdown     One article in the Markdown format (docs/markdown-format.md)

Each file is all-or-nothing: a file with any problem imports nothing, and the error names the
file, the line or JSON path, and the problem. The other files are still imported.
An article whose id already exists replaces that article; a slug used by another article is an error.

Options:
${WORKSPACE_HELP}

Exit status: 0 if every file was imported, 1 if any file was rejected, 2 on a usage error.`,

  async run(args, io) {
    const { values, positionals } = parse(args, { ...WORKSPACE_OPTION, ...HELP_OPTION }, true);
    if (values.help) {
      line(io.stdout, this.help);
      return EXIT_OK;
    }
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
