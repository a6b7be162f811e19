export type Screen = 'articles' | 'moderation' | 'publishing' | 'outbox' | 'settings';

const SCREENS: { value: Screen; label: string }[] = [
  { value: 'articles', label: 'Articles' },
  { value: 'moderation', label: 'Moderation' },
  { value: 'publishing', label: 'Publishing' },
  { value: 'outbox', label: 'Outbox' },
  { value: 'settings', label: 'Settings' },
];

/** The sidebar's switch between the article editor, the publishing screen and site settings. */
export function WorkspaceNav({ screen, onChange, badges = {} }: { screen: Screen; onChange(screen: Screen): void; badges?: Partial<Record<Screen, number>> }) {
  return (
    <nav className="workspace-nav" aria-label="Workspace">
      {SCREENS.map((s) => (
        <button
          key={s.value}
          type="button"
          className={`workspace-nav-item${screen === s.value ? ' is-current' : ''}`}
          aria-current={screen === s.value ? 'page' : undefined}
          onClick={() => onChange(s.value)}
        >
          {s.label}
          {badges[s.value] ? (
            <span className="nav-badge" aria-label={`(${badges[s.value]} pending)`}>
              {badges[s.value]! > 999 ? '999+' : badges[s.value]}
            </span>
          ) : null}
        </button>
      ))}
    </nav>
  );
}
