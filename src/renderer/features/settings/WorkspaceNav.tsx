export type Screen = 'articles' | 'publishing' | 'settings';

const SCREENS: { value: Screen; label: string }[] = [
  { value: 'articles', label: 'Articles' },
  { value: 'publishing', label: 'Publishing' },
  { value: 'settings', label: 'Settings' },
];

/** The sidebar's switch between the article editor, the publishing screen and site settings. */
export function WorkspaceNav({ screen, onChange }: { screen: Screen; onChange(screen: Screen): void }) {
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
        </button>
      ))}
    </nav>
  );
}
