import { useCallback, useEffect, useRef, useState } from 'react';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { $insertNodeToNearestRoot, mergeRegister } from '@lexical/utils';
import {
  $createNodeSelection,
  $getNearestNodeFromDOMNode,
  $getNodeByKey,
  $getSelection,
  $isNodeSelection,
  $setSelection,
  CLICK_COMMAND,
  COMMAND_PRIORITY_CRITICAL,
  COMMAND_PRIORITY_EDITOR,
  COMMAND_PRIORITY_LOW,
  createCommand,
  DRAGOVER_COMMAND,
  DROP_COMMAND,
  KEY_BACKSPACE_COMMAND,
  KEY_DELETE_COMMAND,
  KEY_ENTER_COMMAND,
  PASTE_COMMAND,
  HISTORIC_TAG,
  UNDO_COMMAND,
  type LexicalCommand,
  type NodeKey,
} from 'lexical';
import { $createImageNode, $isImageNode, ImageNode, INSERT_IMAGE_COMMAND, type ImagePayload } from '../../../shared/lexical/image-node';
import { useClient } from '../../api/context';
import { assetUrl } from './asset-url';
import { $selectDropPoint } from './drop-point';
import { ImageDialog } from './ImageDialog';
import { hasPastedText, IMAGE_ACCEPT, imageFilesOf, readAsBase64, tooLargeMessage } from './read-file';
import './image.css';

/** How long "Image removed — Undo" stays up (as long as "Question removed"). */
const REMOVED_TOAST_MS = 8000;

/** Opens the file picker; the toolbar button sends it so it need not know where the input is. */
export const OPEN_IMAGE_PICKER_COMMAND: LexicalCommand<void> = createCommand('OPEN_IMAGE_PICKER_COMMAND');

type DialogState =
  | { mode: 'insert'; image: Omit<ImagePayload, 'altText' | 'caption'> }
  | { mode: 'edit'; key: NodeKey; image: ImagePayload };

interface Selected {
  key: NodeKey;
  image: ImagePayload;
  /** Where the image's figure sits inside the editor surface (for the image bar). */
  top: number;
}

/** The selected image node, when the selection is exactly one image. */
function $selectedImage(): { key: NodeKey; image: ImagePayload } | null {
  const selection = $getSelection();
  if (!$isNodeSelection(selection)) return null;
  const nodes = selection.getNodes();
  const node = nodes.length === 1 ? nodes[0] : undefined;
  return $isImageNode(node) ? { key: node.getKey(), image: node.getPayload() } : null;
}

/**
 * Images in a rich-text editor: the file picker, paste and drop of image files (copied into the
 * workspace with `assets:import`), the dialog that asks for alt text before anything is
 * inserted, and the bar that edits or removes a selected image. Render it inside the editor's
 * surface (it positions the image bar there) and put <InsertImageButton> in the toolbar.
 */
export function ImagePlugin({ disabled = false }: { disabled?: boolean }) {
  const [editor] = useLexicalComposerContext();
  const client = useClient();
  const inputRef = useRef<HTMLInputElement>(null);
  const [dialog, setDialog] = useState<DialogState | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<Selected | null>(null);
  const [removedCount, setRemovedCount] = useState(0);

  const importFile = useCallback(
    async (file: File) => {
      const tooLarge = tooLargeMessage(file);
      if (tooLarge) {
        setError(tooLarge);
        return;
      }
      setError(null);
      setBusy(true);
      try {
        const dataBase64 = await readAsBase64(file);
        const image = await client.call('assets:import', { name: file.name.slice(0, 255), dataBase64 });
        setDialog({ mode: 'insert', image });
      } catch (failure) {
        setError(failure instanceof Error ? failure.message : String(failure));
      } finally {
        setBusy(false);
      }
    },
    [client],
  );

  useEffect(() => {
    const takeFiles = (event: ClipboardEvent | DragEvent, transfer: DataTransfer | null): boolean => {
      const [file] = imageFilesOf(transfer);
      if (!file || !editor.isEditable()) return false;
      event.preventDefault();
      void importFile(file);
      return true;
    };
    return mergeRegister(
      editor.registerCommand(
        INSERT_IMAGE_COMMAND,
        (payload) => {
          $insertNodeToNearestRoot($createImageNode(payload));
          return true;
        },
        COMMAND_PRIORITY_EDITOR,
      ),
      editor.registerCommand(
        OPEN_IMAGE_PICKER_COMMAND,
        () => {
          inputRef.current?.click();
          return true;
        },
        COMMAND_PRIORITY_EDITOR,
      ),
      // Ahead of the HTML paste cleaner, but only for a picture on its own (a screenshot, a copied
      // image): a copy of text that also carries a rendering of itself stays a text paste.
      editor.registerCommand(
        PASTE_COMMAND,
        (event) => event instanceof ClipboardEvent && !hasPastedText(event.clipboardData) && takeFiles(event, event.clipboardData),
        COMMAND_PRIORITY_CRITICAL,
      ),
      editor.registerCommand(
        DROP_COMMAND,
        (event) => {
          if (imageFilesOf(event.dataTransfer).length > 0 && editor.isEditable()) $selectDropPoint(editor, event);
          return takeFiles(event, event.dataTransfer);
        },
        COMMAND_PRIORITY_LOW,
      ),
      editor.registerCommand(
        DRAGOVER_COMMAND,
        (event) => {
          // Without this the browser would open a dragged-in file instead of dropping it here.
          if (imageFilesOf(event.dataTransfer).length === 0 && ![...(event.dataTransfer?.types ?? [])].includes('Files')) return false;
          event.preventDefault();
          return true;
        },
        COMMAND_PRIORITY_LOW,
      ),
      editor.registerCommand(
        CLICK_COMMAND,
        (event) => {
          const target = event.target instanceof Element ? event.target.closest('[data-lexical-image]') : null;
          if (!target) return false;
          const node = $getNearestNodeFromDOMNode(target);
          if (!$isImageNode(node)) return false;
          const selection = $createNodeSelection();
          selection.add(node.getKey());
          $setSelection(selection);
          return true;
        },
        COMMAND_PRIORITY_LOW,
      ),
      ...[KEY_BACKSPACE_COMMAND, KEY_DELETE_COMMAND].map((command) =>
        editor.registerCommand(
          command,
          (event) => {
            const current = $selectedImage();
            if (!current || !editor.isEditable()) return false;
            event.preventDefault();
            const node = $getNodeByKey(current.key);
            node?.selectPrevious();
            node?.remove();
            return true;
          },
          COMMAND_PRIORITY_LOW,
        ),
      ),
      editor.registerCommand(
        KEY_ENTER_COMMAND,
        (event) => {
          const current = $selectedImage();
          if (!current || !editor.isEditable()) return false;
          event?.preventDefault();
          setDialog({ mode: 'edit', key: current.key, image: current.image });
          return true;
        },
        COMMAND_PRIORITY_LOW,
      ),
    );
  }, [editor, importFile]);

  // Losing a picture is never silent: whatever removed it (the image bar, Backspace on a
  // selected image, typing over a selection that held one), a toast offers Undo until the next
  // edit, which would make a plain undo step mean something else.
  useEffect(
    () =>
      mergeRegister(
        editor.registerMutationListener(
          ImageNode,
          (mutations, { updateTags }) => {
            if (updateTags.has(HISTORIC_TAG)) return;
            const removed = [...mutations.values()].filter((mutation) => mutation === 'destroyed').length;
            if (removed > 0) setRemovedCount(removed);
          },
          { skipInitialization: true },
        ),
        editor.registerUpdateListener(({ dirtyElements, dirtyLeaves, tags, mutatedNodes }) => {
          if (dirtyElements.size === 0 && dirtyLeaves.size === 0 && !tags.has(HISTORIC_TAG)) return;
          if (!tags.has(HISTORIC_TAG) && mutatedNodes?.get(ImageNode) !== undefined) return;
          setRemovedCount(0);
        }),
      ),
    [editor],
  );

  useEffect(() => {
    if (removedCount === 0) return;
    const timer = setTimeout(() => setRemovedCount(0), REMOVED_TOAST_MS);
    return () => clearTimeout(timer);
  }, [removedCount]);

  const undoRemoval = () => {
    setRemovedCount(0);
    editor.dispatchCommand(UNDO_COMMAND, undefined);
    editor.focus();
  };

  // Mirrors the selection onto the figures (outline) and places the image bar.
  useEffect(() => {
    let marked: HTMLElement | null = null;
    return editor.registerUpdateListener(({ editorState }) => {
      const current = editorState.read($selectedImage);
      const element = current ? editor.getElementByKey(current.key) : null;
      if (marked !== element) {
        marked?.classList.remove('is-selected');
        element?.classList.add('is-selected');
        marked = element;
      }
      setSelected(current && element ? { ...current, top: element.offsetTop } : null);
    });
  }, [editor]);

  // Focus goes back to the text once the dialog has closed, not while it is still open: a modal
  // <dialog> makes the page behind it inert, so focusing the editor from the click that closes
  // it did nothing, and the dialog then handed focus to the page (what was typed next was lost).
  const refocus = useRef(false);
  useEffect(() => {
    if (dialog || !refocus.current) return;
    refocus.current = false;
    editor.focus();
  }, [dialog, editor]);

  const closeDialog = () => {
    refocus.current = true;
    setDialog(null);
  };

  const submitDialog = (text: { altText: string; caption: string }) => {
    if (!dialog) return;
    if (dialog.mode === 'insert') {
      editor.dispatchCommand(INSERT_IMAGE_COMMAND, { ...dialog.image, ...text });
    } else {
      editor.update(() => {
        const node = $getNodeByKey(dialog.key);
        if ($isImageNode(node)) node.setText(text.altText, text.caption);
      });
    }
    closeDialog();
  };

  const remove = (key: NodeKey) => {
    editor.update(() => {
      const node = $getNodeByKey(key);
      node?.selectPrevious();
      node?.remove();
    });
    editor.focus();
  };

  return (
    <>
      <input
        ref={inputRef}
        type="file"
        accept={IMAGE_ACCEPT}
        className="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        data-testid="image-file-input"
        disabled={disabled}
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = ''; // choosing the same file again must fire change again
          if (file) void importFile(file);
        }}
      />
      {selected && !disabled && (
        <div className="image-bar" role="toolbar" aria-label="Selected image" style={{ top: `${selected.top + 10}px` }}>
          <button type="button" className="image-bar-button" onClick={() => setDialog({ mode: 'edit', key: selected.key, image: selected.image })}>
            Edit alt text &amp; caption
          </button>
          <button type="button" className="image-bar-button image-bar-remove" onClick={() => remove(selected.key)}>
            Remove image
          </button>
        </div>
      )}
      {(busy || error) && (
        <div className={`image-status${error ? ' is-error' : ''}`} role={error ? 'alert' : 'status'}>
          <span>{error ?? 'Adding image…'}</span>
          {error && (
            <button type="button" className="button button-quiet image-status-dismiss" onClick={() => setError(null)}>
              Dismiss
            </button>
          )}
        </div>
      )}
      <div className="toast-region" role="status" aria-live="polite">
        {removedCount > 0 ? (
          <div className="toast">
            <span>{removedCount === 1 ? 'Image removed' : `${removedCount} images removed`}</span>
            <button type="button" className="toast-action" onClick={undoRemoval}>
              Undo
            </button>
          </div>
        ) : null}
      </div>
      {dialog && (
        <ImageDialog
          key={dialog.mode === 'edit' ? dialog.key : dialog.image.src}
          mode={dialog.mode}
          previewUrl={assetUrl(dialog.image.src)}
          width={dialog.image.width}
          height={dialog.image.height}
          initialAltText={dialog.mode === 'edit' ? dialog.image.altText : ''}
          initialCaption={dialog.mode === 'edit' ? dialog.image.caption : ''}
          onSubmit={submitDialog}
          onCancel={closeDialog}
        />
      )}
    </>
  );
}

/** The toolbar's "Insert image" button. */
export function InsertImageButton({ disabled = false }: { disabled?: boolean }) {
  const [editor] = useLexicalComposerContext();
  return (
    <button
      type="button"
      className="toolbar-button"
      aria-label="Insert image"
      title="Insert image (or paste or drop one)"
      disabled={disabled}
      onClick={() => editor.dispatchCommand(OPEN_IMAGE_PICKER_COMMAND, undefined)}
    >
      <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
        <rect x="2.5" y="4" width="15" height="12" rx="2" fill="none" stroke="currentColor" strokeWidth="1.6" />
        <circle cx="7.2" cy="8.2" r="1.5" fill="currentColor" />
        <path d="m3.5 14.5 4.2-4 3 2.8 2.3-2 3.5 3.2" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" />
      </svg>
    </button>
  );
}
