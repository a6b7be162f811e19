import { useCallback, useEffect, useState } from 'react';
import type { ArticleSummary } from '../../../shared/article';
import type { Rule } from '../../../shared/moderation';
import { useClient } from '../../api/context';
import { AuditLog } from './AuditLog';
import { AuthorPage } from './AuthorPage';
import { QueuePanel } from './QueuePanel';
import { RulesEditor } from './RulesEditor';
import { ShortcutHelp } from './ShortcutHelp';
import { isTyping } from './useQueueKeys';
import { useCounts } from './useQueue';
import { UndoToast, useUndoStack } from './undo';
import { VotesView } from './VotesView';
import './moderation.css';
import './card.css';
import './panels.css';

type Section = 'queue' | 'rules' | 'votes' | 'audit';
const SECTIONS: { value: Section; label: string }[] = [
  { value: 'queue', label: 'Comments' },
  { value: 'votes', label: 'Votes' },
  { value: 'rules', label: 'Rules' },
  { value: 'audit', label: 'Audit log' },
];

/**
 * The moderation desk: comment queues (keyboard first, like Coral), votes and their fraud
 * signals, rules, the audit log and per-author history. One undo history covers all of it.
 */
export function ModerationView({ visible }: { visible: boolean }) {
  const client = useClient();
  const [section, setSection] = useState<Section>('queue');
  const [authorId, setAuthorId] = useState<number | null>(null);
  const [authorFilter, setAuthorFilter] = useState<{ id: number; name: string } | null>(null);
  const [help, setHelp] = useState(false);
  const [articles, setArticles] = useState<ArticleSummary[]>([]);
  const [rules, setRules] = useState<Rule[]>([]);
  const [restored, setRestored] = useState<{ ids: readonly number[]; seq: number } | null>(null);
  const { counts, refresh, setArticle: setCountsArticle } = useCounts(client);
  const undo = useUndoStack(client);

  const loadRules = useCallback(() => {
    client.api['rules:list']({}).then(setRules, () => {});
  }, [client]);

  useEffect(() => {
    if (!visible) return;
    client.api['articles:list']({ sort: 'updated', trashed: false, limit: 500 }).then(setArticles, () => {});
    loadRules();
    refresh();
  }, [client, visible, loadRules, refresh]);

  useEffect(() => client.on('moderation:changed', ({ areas }) => areas.includes('rules') && loadRules()), [client, loadRules]);

  const runUndo = useCallback(async () => {
    const entry = await undo.undo();
    if (!entry) return;
    refresh();
    setRestored((r) => ({ ids: entry.targetIds ?? [], seq: (r?.seq ?? 0) + 1 }));
  }, [undo, refresh]);

  // Ctrl/⌘+Z anywhere in the desk, except while typing (the field's own undo wins there).
  useEffect(() => {
    if (!visible) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.shiftKey || event.altKey || event.key.toLowerCase() !== 'z') return;
      if (isTyping(event.target) || document.querySelector('dialog[open]')) return;
      event.preventDefault();
      void runUndo();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [visible, runUndo]);

  const openAuthor = useCallback((id: number) => setAuthorId(id), []);

  // "Rejected 1 comment · Undo" belongs to the view it was done in: leaving that view (another
  // section, an author page, another screen) takes the toast away. Ctrl+Z still undoes it.
  const dismissToast = undo.dismiss;
  useEffect(() => dismissToast(), [section, authorId, visible, dismissToast]);

  return (
    <div className="mod">
      <header className="mod-header">
        <h1 className="mod-title">Moderation</h1>
        <nav className="mod-sections" aria-label="Moderation sections">
          {SECTIONS.map((s) => (
            <button
              key={s.value}
              type="button"
              className={`mod-section${section === s.value && authorId === null ? ' is-current' : ''}`}
              aria-current={section === s.value && authorId === null ? 'page' : undefined}
              onClick={() => {
                setAuthorId(null);
                setSection(s.value);
              }}
            >
              {s.label}
            </button>
          ))}
        </nav>
        <button type="button" className="button button-quiet mod-small" onClick={() => setHelp(true)} aria-keyshortcuts="?">
          Shortcuts <kbd>?</kbd>
        </button>
      </header>

      {authorId !== null ? (
        <AuthorPage
          authorId={authorId}
          undo={undo}
          onBack={() => setAuthorId(null)}
          onShowInQueue={(author) => {
            setAuthorFilter(author);
            setAuthorId(null);
            setSection('queue');
          }}
        />
      ) : null}
      <div hidden={authorId !== null || section !== 'queue'}>
        <QueuePanel
          active={visible && authorId === null && section === 'queue' && !help}
          counts={counts}
          refreshCounts={refresh}
          onArticleFilter={setCountsArticle}
          undo={undo}
          articles={articles}
          rules={rules}
          authorFilter={authorFilter}
          onClearAuthorFilter={() => setAuthorFilter(null)}
          onOpenAuthor={openAuthor}
          onHelp={() => setHelp(true)}
          restored={restored}
        />
      </div>
      {authorId === null && section === 'rules' ? <RulesEditor rules={rules} onChanged={loadRules} /> : null}
      {authorId === null && section === 'votes' ? <VotesView articles={articles} undo={undo} restoredSeq={restored?.seq ?? 0} /> : null}
      {authorId === null && section === 'audit' ? <AuditLog /> : null}

      {help ? <ShortcutHelp onDismiss={() => setHelp(false)} /> : null}
      <UndoToast stack={undo} onUndo={() => void runUndo()} />
    </div>
  );
}
