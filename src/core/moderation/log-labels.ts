import type { Database } from 'better-sqlite3';
import type { LogEntry } from '../../shared/moderation';
import { prepared } from '../db/statements';

/** How much of a comment the audit log quotes. */
const EXCERPT_CHARS = 60;

const excerpt = (text: string): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return `“${flat.length > EXCERPT_CHARS ? `${flat.slice(0, EXCERPT_CHARS - 1).trimEnd()}…` : flat}”`;
};

const RULE_WORDS: Record<string, string> = {
  banned_phrase: 'banned words',
  suspect_phrase: 'suspect words',
  max_links: 'too many links',
  repeat_text: 'repeated text',
  new_author: 'new authors',
};

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/**
 * What each entry acted on, in words a moderator knows it by: the comment's opening words, the
 * reader's name, the article's headline, the rule's words; several targets are counted. Things
 * deleted since are named by kind. The text is untrusted (reader content) and is escaped where it
 * is shown, like any other. Only pages of the log are described (50 rows, one lookup each);
 * export and remote replay, which read every entry, leave the label empty.
 */
export function describeTargets(db: Database, entries: LogEntry[]): LogEntry[] {
  const one = (sql: string, id: number | string | undefined) => (id === undefined ? undefined : (prepared(db, sql).get(id) as Record<string, string> | undefined));
  return entries.map((entry) => {
    const id = entry.targetIds[0];
    const n = entry.targetCount;
    let label: string;
    switch (entry.targetType) {
      case 'comment': {
        const row = n === 1 ? one('SELECT body FROM comments WHERE id = ?', id) : undefined;
        label = row ? excerpt(row.body ?? '') : plural(n, 'comment', 'comments');
        break;
      }
      case 'author': {
        const row = n === 1 ? one('SELECT display_name AS name FROM comment_authors WHERE id = ?', id) : undefined;
        label = row?.name ? row.name : plural(n, 'reader', 'readers');
        break;
      }
      case 'vote': {
        const row = one('SELECT a.headline FROM votes v JOIN articles a ON a.id = v.article_id WHERE v.id = ?', id);
        label = `${plural(n, 'vote', 'votes')}${row?.headline ? ` on “${row.headline}”` : ''}`;
        break;
      }
      case 'article': {
        const row = n === 1 ? one('SELECT headline FROM articles WHERE id = ?', id) : undefined;
        label = row?.headline ? `“${row.headline}”` : plural(n, 'article', 'articles');
        break;
      }
      case 'rule': {
        const row = n === 1 ? one('SELECT kind, pattern FROM moderation_rules WHERE id = ?', id) : undefined;
        label = row ? `${RULE_WORDS[row.kind ?? ''] ?? 'rule'}${row.pattern ? ` “${row.pattern}”` : ''}` : plural(n, 'rule', 'rules');
        break;
      }
    }
    return { ...entry, targetLabel: label };
  });
}
