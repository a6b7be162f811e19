import { resolve } from 'node:path';
import { EXPORT_FORMATS, exportArticles, type ExportFormat } from '../../core/io/export';
import { EXIT_OK, HELP_OPTION, line, parse, UsageError, WORKSPACE_HELP, WORKSPACE_OPTION, withWorkspace, type Command } from '../io';

export const exportCommand: Command = {
  name: 'export',
  help: `Usage: copydesk export [options] DIR

Writes every article that is not in the trash to DIR (created if needed), one file per article,
named after its slug: <slug>.json or <slug>.md. Files are written atomically; existing files with
the same name are replaced. Both formats import again with \`copydesk import\`.

Options:
  -f, --format FORMAT  json (default; keeps everything) or markdown (docs/markdown-format.md)
${WORKSPACE_HELP}`,

  async run(args, io) {
    const { values, positionals } = parse(args, { format: { type: 'string', short: 'f' }, ...WORKSPACE_OPTION, ...HELP_OPTION }, true);
    if (values.help) {
      line(io.stdout, this.help);
      return EXIT_OK;
    }
    const format = (values.format ?? 'json').toLowerCase() === 'md' ? 'markdown' : (values.format ?? 'json').toLowerCase();
    if (!EXPORT_FORMATS.includes(format as ExportFormat)) throw new UsageError(`unknown format "${values.format}" (use json or markdown)`);
    const [dir, ...extra] = positionals;
    if (dir === undefined) throw new UsageError('no output folder given');
    if (extra.length > 0) throw new UsageError(`expected one output folder, got ${positionals.length}`);
    return withWorkspace(values.workspace, io, async (workspace) => {
      const files = await exportArticles(workspace, resolve(dir), format as ExportFormat);
      line(io.stdout, `exported ${files.length} article${files.length === 1 ? '' : 's'} to ${resolve(dir)} as ${format === 'json' ? 'JSON' : 'Markdown'}`);
      return EXIT_OK;
    });
  },
};
