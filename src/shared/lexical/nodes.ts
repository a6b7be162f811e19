import type { Klass, LexicalNode } from 'lexical';
import { HorizontalRuleNode } from '@lexical/extension';
import { AutoLinkNode, LinkNode } from '@lexical/link';
import { ListItemNode, ListNode } from '@lexical/list';
import { HeadingNode, QuoteNode } from '@lexical/rich-text';
import { ImageNode } from './image-node';

/**
 * The node classes an article document is made of, beyond Lexical's built-ins (root, paragraph,
 * text, linebreak, tab). The renderer's editor, the headless Markdown converter and the publish
 * renderer all register exactly this list, so a document saved by one loads in the others.
 * Keep it in step with SUPPORTED_NODE_TYPES in ./schema.
 */
export const ARTICLE_NODES: ReadonlyArray<Klass<LexicalNode>> = [HeadingNode, QuoteNode, ListNode, ListItemNode, LinkNode, AutoLinkNode, ImageNode, HorizontalRuleNode];
