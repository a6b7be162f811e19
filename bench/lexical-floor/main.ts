import { registerHistory, createEmptyHistoryState } from '@lexical/history';
import { registerList } from '@lexical/list';
import { registerRichText } from '@lexical/rich-text';
import { createEditor } from 'lexical';
import { editorTheme } from '../../src/renderer/editor/theme';
import { ARTICLE_NODES } from '../../src/shared/lexical/nodes';
import '../../src/renderer/styles/base.css';
import '../../src/renderer/editor/editor.css';

/**
 * bench/editor.ts's "Lexical alone" floor: the app's nodes, theme and editor CSS (including
 * content-visibility on blocks) in a vanilla Lexical editor with rich text, lists and history,
 * and nothing else: no React, toolbar, autosave, counts or highlights. The bench hands it the
 * 20,000-word article's body through `window.loadDocument`.
 */
const root = document.getElementById('editor');
if (!root) throw new Error('no #editor');
const editor = createEditor({ namespace: 'floor', nodes: ARTICLE_NODES, theme: editorTheme, onError: (error) => console.error(error) });
editor.setRootElement(root);
registerRichText(editor);
registerList(editor);
registerHistory(editor, createEmptyHistoryState(), 300);

(window as unknown as { loadDocument(json: string): void }).loadDocument = (json) => editor.setEditorState(editor.parseEditorState(json));
