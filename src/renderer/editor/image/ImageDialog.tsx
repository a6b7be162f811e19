import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { MAX_ALT_TEXT, MAX_CAPTION } from '../../../shared/assets';

export interface ImageDialogProps {
  mode: 'insert' | 'edit';
  /** What the preview loads (assetUrl of the stored src). */
  previewUrl: string;
  width: number;
  height: number;
  initialAltText?: string;
  initialCaption?: string;
  onSubmit(text: { altText: string; caption: string }): void;
  onCancel(): void;
}

/**
 * Asks for the words that go with a picture: alt text (required: it is what a screen reader says
 * and what shows when the image cannot load) and an optional caption (shown to everyone). A native
 * modal <dialog>: focus is trapped, Escape cancels, and focus returns to the editor afterwards.
 */
export function ImageDialog({ mode, previewUrl, width, height, initialAltText = '', initialCaption = '', onSubmit, onCancel }: ImageDialogProps) {
  const ids = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const altRef = useRef<HTMLTextAreaElement>(null);
  const [altText, setAltText] = useState(initialAltText);
  const [caption, setCaption] = useState(initialCaption);
  const [altError, setAltError] = useState<string | null>(null);
  const onCancelRef = useRef(onCancel);
  useEffect(() => {
    onCancelRef.current = onCancel;
  }, [onCancel]);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    altRef.current?.focus();
    const cancel = (event: Event) => {
      event.preventDefault(); // React decides whether the dialog is shown.
      onCancelRef.current();
    };
    dialog.addEventListener('cancel', cancel);
    return () => {
      dialog.removeEventListener('cancel', cancel);
      if (dialog.open) dialog.close();
    };
  }, []);

  const submit = () => {
    const alt = altText.trim();
    if (alt === '') {
      setAltError('Describe the image: alt text is read aloud to people who cannot see it.');
      altRef.current?.focus();
      return;
    }
    onSubmit({ altText: alt, caption: caption.trim() });
  };

  // Enter submits from either field: alt text and captions are single paragraphs.
  const submitOnEnter = (event: KeyboardEvent) => {
    if (event.key !== 'Enter' || event.nativeEvent.isComposing) return;
    event.preventDefault();
    submit();
  };

  const titleId = `${ids}-title`;
  const altId = `${ids}-alt`;
  const altHintId = `${ids}-alt-hint`;
  const altErrorId = `${ids}-alt-error`;
  const captionId = `${ids}-caption`;

  return (
    <dialog
      ref={ref}
      className="image-dialog"
      aria-labelledby={titleId}
      onKeyDown={(event) => {
        // Escape closes this dialog only, not a panel behind it.
        if (event.key === 'Escape') event.stopPropagation();
      }}
    >
      {/* Not a <form>: the editor sits inside the article form, and forms cannot nest. */}
      <div className="image-dialog-form">
        <h2 id={titleId} className="image-dialog-title">
          {mode === 'insert' ? 'Insert image' : 'Edit image'}
        </h2>
        <div className="image-dialog-preview">
          <img src={previewUrl} alt="" width={width} height={height} />
          <span className="image-dialog-size">
            {width} × {height} px
          </span>
        </div>
        <div className="field">
          <label htmlFor={altId} className="field-label">
            Alt text
          </label>
          <textarea
            ref={altRef}
            id={altId}
            className="input image-dialog-alt"
            rows={2}
            maxLength={MAX_ALT_TEXT}
            value={altText}
            required
            aria-required="true"
            aria-invalid={altError !== null || undefined}
            aria-describedby={altError ? `${altErrorId} ${altHintId}` : altHintId}
            onKeyDown={submitOnEnter}
            onChange={(event) => {
              setAltText(event.target.value);
              if (altError && event.target.value.trim() !== '') setAltError(null);
            }}
          />
          {altError && (
            <p id={altErrorId} className="field-error" role="alert">
              {altError}
            </p>
          )}
          <p id={altHintId} className="field-hint">
            Required. Say what the picture shows, as you would to a reader on the phone.
          </p>
        </div>
        <div className="field">
          <label htmlFor={captionId} className="field-label">
            Caption
          </label>
          <input
            id={captionId}
            className="input"
            maxLength={MAX_CAPTION}
            value={caption}
            aria-describedby={`${captionId}-hint`}
            onKeyDown={submitOnEnter}
            onChange={(event) => setCaption(event.target.value)}
          />
          <p id={`${captionId}-hint`} className="field-hint">
            Optional. Shown under the image; credit the photographer here.
          </p>
        </div>
        <div className="image-dialog-actions">
          <button type="button" className="button button-quiet" onClick={onCancel}>
            Cancel
          </button>
          <button type="button" className="button button-primary" onClick={submit}>
            {mode === 'insert' ? 'Insert' : 'Save'}
          </button>
        </div>
      </div>
    </dialog>
  );
}
