import { $createHorizontalRuleNode, $isHorizontalRuleNode, HorizontalRuleNode } from '@lexical/extension';
import {
  BOLD_ITALIC_STAR,
  BOLD_STAR,
  INLINE_CODE,
  ITALIC_STAR,
  ITALIC_UNDERSCORE,
  ORDERED_LIST,
  QUOTE,
  STRIKETHROUGH,
  UNORDERED_LIST,
  type ElementTransformer,
  type Transformer,
} from '@lexical/markdown';
import { $createHeadingNode, $isHeadingNode, HeadingNode } from '@lexical/rich-text';
import type { ElementNode, LexicalNode } from 'lexical';
import { BODY_HEADING_TAGS } from './limits';

/**
 * `## `, `### ` and `#### ` make H2, H3 and H4: the same levels the Markdown article format
 * (docs/markdown-format.md) and the toolbar's heading buttons use, so a heading typed here
 * imports, exports and publishes at the level it shows. The headline is the page's H1, so a
 * single `# ` is demoted to H2, as the import does.
 */
export const BODY_HEADING: ElementTransformer = {
  dependencies: [HeadingNode],
  export: (node, exportChildren) => {
    if (!$isHeadingNode(node)) return null;
    const level = BODY_HEADING_TAGS.indexOf(node.getTag() as (typeof BODY_HEADING_TAGS)[number]);
    return level < 0 ? null : `${'#'.repeat(level + 2)} ${exportChildren(node)}`;
  },
  regExp: /^(#{1,4})\s/,
  replace: (parentNode: ElementNode, children: LexicalNode[], match: string[]) => {
    const tag = BODY_HEADING_TAGS[Math.max(0, (match[1]?.length ?? 2) - 2)] ?? 'h2';
    const heading = $createHeadingNode(tag);
    heading.append(...children);
    parentNode.replace(heading);
    heading.select(0, 0);
  },
  type: 'element',
};

/** `---`, `***` or `___` then a space: a horizontal rule, with the caret on the line after it. */
export const HORIZONTAL_RULE: ElementTransformer = {
  dependencies: [HorizontalRuleNode],
  export: (node) => ($isHorizontalRuleNode(node) ? '---' : null),
  regExp: /^(---|\*\*\*|___)\s?$/,
  replace: (parentNode: ElementNode, _children: LexicalNode[], _match: string[], isImport: boolean) => {
    const rule = $createHorizontalRuleNode();
    if (isImport || parentNode.getNextSibling() !== null) {
      parentNode.replace(rule);
    } else {
      // The last block: keep an empty paragraph after the rule to type into.
      parentNode.insertBefore(rule);
    }
    rule.selectNext();
  },
  type: 'element',
};

/**
 * What typing Markdown does in the body editor. Deliberately absent: code blocks, tables and
 * images (the article has no such nodes), and `[text](url)` links, which would bypass the link
 * check — links come only through the link popover or a cleaned paste.
 */
export const BODY_MARKDOWN_SHORTCUTS: Transformer[] = [
  BODY_HEADING,
  QUOTE,
  UNORDERED_LIST,
  ORDERED_LIST,
  HORIZONTAL_RULE,
  INLINE_CODE,
  BOLD_ITALIC_STAR,
  BOLD_STAR,
  ITALIC_STAR,
  ITALIC_UNDERSCORE,
  STRIKETHROUGH,
];
