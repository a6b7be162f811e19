import { createContext, useContext, useEffect, useState } from 'react';
import { getNearestEditorFromDOMNode, type LexicalEditor } from 'lexical';

/** A rich-text editor on the article page that the writing helpers (find, TK) can reach. */
export interface RichField {
  /** Stable key: "body", "takeaway:<id>", "answer:<id>". */
  key: string;
  /** What the user calls it: "Body", "Takeaway 2", "Answer 1". */
  label: string;
  /** Position on the page, compared element by element. */
  order: readonly number[];
  editor: LexicalEditor;
}

type Listener = (key: string) => void;

function compareOrder(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    const diff = (a[i] ?? -1) - (b[i] ?? -1);
    if (diff !== 0) return diff;
  }
  return 0;
}

/**
 * The article's Lexical editors, in page order. Each editor is its own LexicalComposer, so the
 * helpers that work across all of them (find and replace, TK highlights) look them up here and
 * hear about every content change.
 */
export class EditorRegistry {
  private readonly fields = new Map<string, RichField>();
  private readonly listeners = new Set<Listener>();
  private readonly revealers = new Map<string, () => void>();
  private version = 0;

  register(field: RichField): () => void {
    this.fields.set(field.key, field);
    const stop = field.editor.registerUpdateListener(({ dirtyElements, dirtyLeaves, tags }) => {
      // Selection-only updates do not change what the helpers count; undo/redo swaps the whole
      // state without marking nodes dirty, so it is let through by its tag.
      if (dirtyElements.size === 0 && dirtyLeaves.size === 0 && !tags.has('historic')) return;
      this.emit(field.key);
    });
    this.emit(field.key);
    return () => {
      stop();
      if (this.fields.get(field.key) === field) {
        this.fields.delete(field.key);
        this.emit(field.key);
      }
    };
  }

  /**
   * How to make a field visible (a collapsed question's text and answer). Keys are the same as
   * the helpers use for text fields ("question:<id>") and editors ("answer:<id>").
   */
  setRevealer(key: string, reveal: () => void): () => void {
    this.revealers.set(key, reveal);
    return () => {
      if (this.revealers.get(key) === reveal) this.revealers.delete(key);
    };
  }

  reveal(key: string): void {
    this.revealers.get(key)?.();
  }

  get(key: string): RichField | undefined {
    return this.fields.get(key);
  }

  list(): RichField[] {
    return [...this.fields.values()].sort((a, b) => compareOrder(a.order, b.order));
  }

  /** A number that changes whenever any editor's content (or the set of editors) changes. */
  getVersion = (): number => this.version;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private emit(key: string): void {
    this.version += 1;
    for (const listener of [...this.listeners]) listener(key);
  }
}

export const EditorRegistryContext = createContext<EditorRegistry | null>(null);

export function useEditorRegistry(): EditorRegistry | null {
  return useContext(EditorRegistryContext);
}

/**
 * Registers an editor for as long as the calling component is mounted, in the registry from
 * context (or the one given, for the component that provides it).
 */
export function useRegisterEditor(editor: LexicalEditor | null, key: string, label: string, order: readonly number[], own?: EditorRegistry): void {
  const fromContext = useEditorRegistry();
  const registry = own ?? fromContext;
  const orderKey = order.join('.');
  useEffect(() => {
    if (!registry || !editor) return;
    return registry.register({ key, label, order: orderKey.split('.').map(Number), editor });
  }, [registry, editor, key, label, orderKey]);
}

/**
 * The Lexical editor whose editable root has this DOM id. BodyEditor (used for the body and the
 * answers) keeps its LexicalComposer inside; its root element carries the editor, which
 * Lexical's own getNearestEditorFromDOMNode reads.
 */
export function editorForElementId(id: string): LexicalEditor | null {
  return getNearestEditorFromDOMNode(document.getElementById(id));
}

/**
 * Registers the editor rendered with DOM id `elementId` (a BodyEditor, which keeps its
 * composer to itself). Looked up after every render of the caller, once Lexical has attached
 * its root element, so an editor that is remounted (a new composer) is picked up again.
 */
export function useRegisterEditorById(elementId: string, key: string, label: string, order: readonly number[], own?: EditorRegistry): void {
  const [editor, setEditor] = useState<LexicalEditor | null>(null);
  useEffect(() => {
    const found = editorForElementId(elementId);
    if (found !== editor) setEditor(found);
  });
  useRegisterEditor(editor, key, label, order, own);
}
