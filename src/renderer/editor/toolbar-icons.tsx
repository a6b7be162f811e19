/** Toolbar glyphs: 20×20 strokes in currentColor, hidden from assistive tech (buttons carry names). */
const paths = {
  undo: 'M7.5 5 3.5 9l4 4M4 9h8a4.5 4.5 0 0 1 0 9H9',
  redo: 'M12.5 5l4 4-4 4M16 9H8a4.5 4.5 0 0 0 0 9h3',
  bullet: 'M8 5.5h9M8 10h9M8 14.5h9M3.6 5.5h.1M3.6 10h.1M3.6 14.5h.1',
  number: 'M8.5 5.5h8.5M8.5 10h8.5M8.5 14.5h8.5M3 4.5l1.5-1v4.5M2.8 11.2c.3-.8 2.7-.8 2.5.6-.2.9-2.5 1.8-2.5 2.7h2.7',
  code: 'M7 6 3 10l4 4M13 6l4 4-4 4M11 4.5 9 15.5',
  link: 'M8.5 11.5a3 3 0 0 0 4.2.2l2.6-2.6a3 3 0 0 0-4.2-4.2l-1 1M11.5 8.5a3 3 0 0 0-4.2-.2l-2.6 2.6a3 3 0 0 0 4.2 4.2l1-1',
  rule: 'M3 10h14M6 5.5h8M6 14.5h8',
} as const;

export type ToolbarIconName = keyof typeof paths;

export function ToolbarIcon({ name }: { name: ToolbarIconName }) {
  return (
    <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
      <path d={paths[name]} fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
