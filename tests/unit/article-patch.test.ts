import { createHeadlessEditor } from '@lexical/headless';
import { $createHeadingNode } from '@lexical/rich-text';
import fc from 'fast-check';
import { $createParagraphNode, $createTextNode, $getRoot, $isElementNode, type EditorState, type LexicalEditor } from 'lexical';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../src/core/api/dispatch';
import { createHandlers } from '../../src/core/api/handlers';
import type { Workspace } from '../../src/core/workspace';
import type { Article } from '../../src/shared/article';
import { CopydeskError } from '../../src/shared/errors';
import type { ArticlePatchInput } from '../../src/shared/article-patch';
import { doc, heading, list, paragraph } from '../../src/shared/lexical/build';
import { ARTICLE_NODES } from '../../src/shared/lexical/nodes';
import type { SerializedState } from '../../src/shared/lexical/schema';
import { editorStateJSON } from '../../src/renderer/editor/content-changes';
import { pendingDocument, toDocument, toDraft, type Draft } from '../../src/renderer/features/article/draft';
import { PatchSaves, type SaveCalls } from '../../src/renderer/features/article/patch-save';
import { articleJournal, resolveKeptPatch, type KeptBase, type KeptPatch, type PendingEdit } from '../../src/renderer/features/article/pending-edits';
import { tempWorkspace } from './helpers';

/** The calls as the renderer makes them: through JSON (the wire) and the contract's dispatch into a real workspace. */
function hostCalls(workspace: Workspace): SaveCalls & { made: { name: string; bytes: number }[] } {
  const handlers = createHandlers(workspace);
  const made: { name: string; bytes: number }[] = [];
  const call = async (name: 'articles:save' | 'articles:patch', input: unknown): Promise<Article> => {
    const wire = JSON.stringify(input);
    made.push({ name, bytes: wire.length });
    const envelope = await dispatch(handlers, name, JSON.parse(wire));
    if (!envelope.ok) throw new CopydeskError(envelope.error.code, envelope.error.message, envelope.error.fields);
    return envelope.value as Article;
  };
  return { call: call as SaveCalls['call'], made };
}

const sentence = (i: number) => `Paragraph ${i} says the council met on Tuesday.`;

function startingBody(blocks: number): SerializedState {
  return doc(
    heading('h2', 'Start'),
    ...Array.from({ length: blocks }, (_, i) => paragraph(sentence(i))),
    list('bullet', [{ content: ['one'] }, { content: ['two'], nested: { kind: 'number', items: [{ content: ['two a'] }] } }]),
  );
}

/** An open article: a headless body editor over a stored article, saved the way ArticleView saves. */
function openArticle(blocks = 6) {
  const workspace = tempWorkspace();
  const article = workspace.articles.importMany([{ headline: 'Patch test', body: startingBody(blocks), takeaways: [], questions: [] }])[0]!;
  const editor = createHeadlessEditor({ nodes: [...ARTICLE_NODES], onError: (error) => { throw error; } });
  editor.setEditorState(editor.parseEditorState(JSON.stringify(article.body)));
  const calls = hostCalls(workspace);
  const patches = new PatchSaves(article.id);
  let draft: Draft = toDraft(article);
  let revision = article.revision;
  return {
    workspace,
    editor,
    calls,
    patches,
    article,
    setDraft(change: Partial<Draft>) {
      draft = { ...draft, ...change };
    },
    /** One autosave: the pending document of this moment, sent and acknowledged. */
    async save(): Promise<Article> {
      const state = editor.getEditorState();
      const current = draft;
      const pending = pendingDocument(() => toDocument(article.id, { ...current, body: editorStateJSON(state) }), current, state);
      const saved = await patches.save(calls, pending, revision);
      patches.acknowledged(saved.revision, pending);
      revision = saved.revision;
      return saved;
    },
    /** What a save would send, without sending it (or null for the whole document). */
    patchNow(): ArticlePatchInput | null {
      const state = editor.getEditorState();
      return patches.patchFor(pendingDocument(() => { throw new Error('not built'); }, draft, state), revision);
    },
    expected: (): SerializedState => JSON.parse(JSON.stringify(editor.getEditorState().toJSON())) as SerializedState,
  };
}

const update = (editor: LexicalEditor, fn: () => void) => editor.update(fn, { discrete: true });

/** One edit the writer might make; indexes are taken modulo the body's current length. */
type Edit =
  | { kind: 'type'; at: number; text: string }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number }
  | { kind: 'move'; from: number; to: number }
  | { kind: 'heading'; at: number }
  | { kind: 'bold'; at: number }
  | { kind: 'revert'; back: number }
  | { kind: 'headline'; text: string }
  | { kind: 'takeaway'; text: string }
  | { kind: 'save' };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('type' as const), at: fc.nat(40), text: fc.string({ minLength: 1, maxLength: 6 }) }), weight: 5 },
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(40), text: fc.string({ maxLength: 12 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(40) }),
  fc.record({ kind: fc.constant('move' as const), from: fc.nat(40), to: fc.nat(40) }),
  fc.record({ kind: fc.constant('heading' as const), at: fc.nat(40) }),
  fc.record({ kind: fc.constant('bold' as const), at: fc.nat(40) }),
  fc.record({ kind: fc.constant('revert' as const), back: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ kind: fc.constant('headline' as const), text: fc.string({ maxLength: 20 }) }),
  fc.record({ kind: fc.constant('takeaway' as const), text: fc.string({ minLength: 1, maxLength: 20 }).filter((t) => t.trim() !== '') }),
  { arbitrary: fc.constant({ kind: 'save' as const }), weight: 4 },
);

function $block(at: number) {
  const blocks = $getRoot().getChildren();
  return blocks.length === 0 ? null : blocks[at % blocks.length]!;
}

/** Applies a body edit to the editor; `history` holds earlier states for "revert" (undo). */
function applyEdit(open: ReturnType<typeof openArticle>, step: Edit, history: EditorState[]): void {
  const { editor } = open;
  switch (step.kind) {
    case 'type':
      return update(editor, () => {
        const block = $block(step.at);
        if (!$isElementNode(block)) return;
        const last = block.getLastDescendant();
        if (last && 'getTextContent' in last && last.getType() === 'text') (last as ReturnType<typeof $createTextNode>).setTextContent(last.getTextContent() + step.text);
        else block.append($createTextNode(step.text));
      });
    case 'insert':
      return update(editor, () => {
        const block = $block(step.at);
        const node = $createParagraphNode().append(...(step.text ? [$createTextNode(step.text)] : []));
        if (block) block.insertAfter(node);
        else $getRoot().append(node);
      });
    case 'delete':
      return update(editor, () => {
        if ($getRoot().getChildrenSize() > 1) $block(step.at)?.remove();
      });
    case 'move':
      return update(editor, () => {
        const from = $block(step.from);
        const to = $block(step.to);
        if (from && to && from !== to) to.insertBefore(from);
      });
    case 'heading':
      return update(editor, () => {
        const block = $block(step.at);
        if (!$isElementNode(block) || block.getType() !== 'paragraph') return;
        block.replace($createHeadingNode('h3'), true);
      });
    case 'bold':
      return update(editor, () => {
        const block = $block(step.at);
        const text = $isElementNode(block) ? block.getFirstDescendant() : null;
        if (text && text.getType() === 'text') (text as ReturnType<typeof $createTextNode>).toggleFormat('bold');
      });
    case 'revert': {
      // Undo: an earlier committed state (its very node objects) becomes current again.
      const earlier = history[history.length - step.back];
      if (earlier) editor.setEditorState(earlier);
      return;
    }
    case 'headline':
      return open.setDraft({ headline: step.text });
    case 'takeaway':
      return open.setDraft({ takeaways: [{ id: `t${step.text.length}`, content: doc(paragraph(step.text.trim())) }] });
    case 'save':
      return;
  }
}

describe('patch saves (issue 17.1)', () => {
  it('stores exactly the editor’s document after any sequence of edits and patch saves', async () => {
    let patchesSent = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 30 }), async (edits) => {
        const open = openArticle();
        try {
          const history: EditorState[] = [open.editor.getEditorState()];
          for (const step of [...edits, { kind: 'save' as const }]) {
            applyEdit(open, step, history);
            history.push(open.editor.getEditorState());
            if (step.kind !== 'save') continue;
            const saved = await open.save();
            expect(saved.body).toEqual(open.expected());
            expect(open.workspace.articles.get(open.article.id).body).toEqual(open.expected());
          }
          patchesSent += open.calls.made.filter((c) => c.name === 'articles:patch').length;
        } finally {
          open.workspace.close();
        }
      }),
      { numRuns: 40 },
    );
    // The property means something only if patches, not whole documents, carried most saves.
    expect(patchesSent).toBeGreaterThan(40);
  });

  it('sends one edited paragraph of a 300-block body as a small patch', async () => {
    const open = openArticle(300);
    try {
      await open.save(); // the first save is whole: nothing acknowledged yet
      applyEdit(open, { kind: 'type', at: 150, text: 'xyz' }, []);
      const patch = open.patchNow();
      expect(patch?.body?.blocks.filter((b) => typeof b !== 'number')).toHaveLength(1);
      expect(patch?.takeaways).toBeUndefined();
      await open.save();
      const [whole, patched] = open.calls.made;
      expect([whole?.name, patched?.name]).toEqual(['articles:save', 'articles:patch']);
      expect(patched!.bytes).toBeLessThan(whole!.bytes / 5);
      expect(open.workspace.articles.get(open.article.id).body).toEqual(open.expected());
    } finally {
      open.workspace.close();
    }
  });

  it('sends the whole document when most blocks changed', async () => {
    const open = openArticle(4);
    try {
      await open.save();
      for (let at = 0; at < 6; at += 1) applyEdit(open, { kind: 'type', at, text: '!' }, []);
      expect(open.patchNow()).toBeNull();
    } finally {
      open.workspace.close();
    }
  });

  it('refuses a patch that does not fit the stored body, stores nothing, and the save goes through whole', async () => {
    const open = openArticle();
    try {
      const first = await open.save();
      applyEdit(open, { kind: 'type', at: 2, text: 'kept' }, []);
      const patch = open.patchNow()!;
      const handlers = createHandlers(open.workspace);
      for (const bad of [
        { ...patch, body: { ...patch.body!, baseBlocks: patch.body!.baseBlocks + 1 } },
        { ...patch, body: { ...patch.body!, blocks: [...patch.body!.blocks, 999] } },
        { ...patch, body: { ...patch.body!, blocks: [{ type: 'script', version: 1 }] } },
      ]) {
        const result = await dispatch(handlers, 'articles:patch', JSON.parse(JSON.stringify(bad)));
        expect(result.ok).toBe(false);
        if (result.ok) continue;
        expect(result.error.code).toBe('invalid_input');
        expect(result.error.message).not.toMatch(/Error|undefined|\bat \w+ \(/);
        expect(open.workspace.articles.get(open.article.id)).toEqual(first);
      }
      expect((await dispatch(handlers, 'articles:patch', { ...patch, expectedRevision: first.revision - 1 })).ok).toBe(false);

      // A host that refuses the patch (as one with another copy of the body would): the save falls back to the whole document.
      const refusing: SaveCalls = {
        call: (async (name: string, input: unknown, options: object) => {
          if (name === 'articles:patch') throw new CopydeskError('invalid_input', 'This change was made against a different copy');
          return open.calls.call(name as 'articles:save', input as never, options);
        }) as SaveCalls['call'],
      };
      const state = open.editor.getEditorState();
      const draft = toDraft(first);
      const pending = pendingDocument(() => toDocument(first.id, { ...draft, body: editorStateJSON(state) }), draft, state);
      const saved = await open.patches.save(refusing, pending, first.revision);
      expect(saved.body).toEqual(open.expected());
      expect(open.calls.made.at(-1)?.name).toBe('articles:save');
    } finally {
      open.workspace.close();
    }
  });

  it('keeps the journal as one whole base per session and then small patches that resolve to the editor’s document', async () => {
    const open = openArticle(300);
    try {
      const writes: { kind: 'whole' | 'patch' | 'base+patch'; bytes: number }[] = [];
      let base: KeptBase | undefined;
      let kept: PendingEdit | undefined;
      const journal = articleJournal(
        {
          put: async (edit) => {
            writes.push({ kind: 'whole', bytes: JSON.stringify(edit).length });
            kept = structuredClone(edit);
          },
          putPatch: async (edit: KeptPatch, newBase?: KeptBase) => {
            writes.push({ kind: newBase ? 'base+patch' : 'patch', bytes: JSON.stringify(edit).length });
            if (newBase) base = structuredClone(newBase);
            kept = resolveKeptPatch(structuredClone(edit), base);
          },
          get: async () => kept,
          all: async () => (kept ? [kept] : []),
          delete: async () => void (kept = undefined),
        },
        open.article.id,
      );
      let draft = toDraft(open.article);
      const keepNow = (version: number) => {
        const state = open.editor.getEditorState();
        const current = draft;
        journal.keep(pendingDocument(() => toDocument(open.article.id, { ...current, body: editorStateJSON(state) }), current, state), open.article.revision, version, { now: true });
      };
      applyEdit(open, { kind: 'type', at: 10, text: 'first' }, []);
      keepNow(1);
      applyEdit(open, { kind: 'type', at: 150, text: 'second' }, []);
      applyEdit(open, { kind: 'insert', at: 20, text: 'new block' }, []);
      draft = { ...draft, headline: 'Kept headline' };
      keepNow(2);
      await Promise.resolve();
      expect(writes.map((w) => w.kind)).toEqual(['base+patch', 'patch']);
      expect(writes[1]!.bytes).toBeLessThan(3000);
      expect(kept?.doc.body).toEqual(open.expected());
      expect(kept?.doc.headline).toBe('Kept headline');
      expect(kept?.baseRevision).toBe(open.article.revision);
    } finally {
      open.workspace.close();
    }
  });
});
