/** The article bar's "Preview" switch: shows or hides the published-page preview beside the editor. */
export function PreviewToggle({ open, onToggle }: { open: boolean; onToggle(): void }) {
  return (
    <button type="button" className="button" aria-pressed={open} onClick={onToggle}>
      Preview
    </button>
  );
}
