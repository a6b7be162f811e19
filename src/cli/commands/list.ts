import { ARTICLE_STATUSES, ArticleStatusSchema } from '../../shared/article';
import { EXIT_OK, HELP_OPTION, line, parse, UsageError, WORKSPACE_HELP, WORKSPACE_OPTION, withWorkspace, type Command } from '../io';

export const listCommand: Command = {
  name: 'list',
  help: `Usage: copydesk list [options]

Lists articles not in the trash, most recently updated first: status, last update, slug, headline.

Options:
  -s, --status STATUS  Only articles with this status: ${ARTICLE_STATUSES.join(', ')}
      --json           Print a JSON array of article summaries instead
${WORKSPACE_HELP}`,

  async run(args, io) {
    const { values, positionals } = parse(args, { status: { type: 'string', short: 's' }, json: { type: 'boolean' }, ...WORKSPACE_OPTION, ...HELP_OPTION });
    if (values.help) {
      line(io.stdout, this.help);
      return EXIT_OK;
    }
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const status = values.status === undefined ? undefined : ArticleStatusSchema.safeParse(values.status);
    if (status && !status.success) throw new UsageError(`unknown status "${values.status}" (use one of: ${ARTICLE_STATUSES.join(', ')})`);
    return withWorkspace(values.workspace, io, (workspace) => {
      const articles = workspace.articles.list({ status: status?.data, limit: 1000 });
      if (values.json) {
        line(io.stdout, JSON.stringify(articles, null, 2));
        return EXIT_OK;
      }
      const width = Math.max(6, ...articles.map((a) => a.status.length));
      for (const a of articles) {
        line(io.stdout, `${a.status.padEnd(width)}  ${a.updatedAt.slice(0, 10)}  ${a.slug}  ${a.headline || '(no headline)'}`);
      }
      if (articles.length === 0) line(io.stderr, status ? `no articles with status ${values.status}` : 'no articles');
      return EXIT_OK;
    });
  },
};
