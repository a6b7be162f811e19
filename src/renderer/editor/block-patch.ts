import { $exportNodeJSON, $getRoot, $isElementNode, $withCompactExport, type EditorState, type LexicalNode, type NodeKey } from 'lexical';
import type { BodyPatch } from '../../shared/article-patch';
import type { SerializedNode } from '../../shared/lexical/schema';

/*
 * Saving a long body sends only the top-level blocks that changed since the body the host last
 * acknowledged (issue 17.1). Telling which did is cheap because a committed EditorState never
 * changes: an update copies every node it writes (and Lexical freezes committed nodes), so a
 * block whose node and every descendant are the very same objects as in the acknowledged state
 * is unchanged, without serializing or comparing any text.
 */

/** A body the host has acknowledged: the editor state that was sent, and where each top-level block sat in it. */
export interface BodyBase {
  readonly state: EditorState;
  readonly index: ReadonlyMap<NodeKey, number>;
  readonly blocks: number;
}

export function bodyBase(state: EditorState): BodyBase {
  const keys = state.read(() => $getRoot().getChildrenKeys());
  return { state, index: new Map(keys.map((key, i) => [key, i])), blocks: keys.length };
}

/** The node's saved JSON, exactly as EditorState.toJSON() writes it (the legacy, full form). */
function $serializeNode(node: LexicalNode): SerializedNode {
  const json = $exportNodeJSON(node) as unknown as SerializedNode;
  if ($isElementNode(node)) {
    const children = json.children!;
    for (const child of node.getChildren()) children.push($serializeNode(child));
  }
  return json;
}

/** Whether `node` and everything under it are the same objects in `base` (so the same content). */
function $sameAsBase(base: EditorState, node: LexicalNode): boolean {
  if (base._nodeMap.get(node.getKey()) !== node) return false;
  if (!$isElementNode(node)) return true;
  for (const child of node.getChildren()) if (!$sameAsBase(base, child)) return false;
  return true;
}

/**
 * More changed blocks than this share of the body and the patch saves little: send the whole
 * document (one serialization instead of a walk plus most of one).
 */
export const MAX_CHANGED_SHARE = 0.5;

/**
 * The patch that turns the acknowledged body into `current`, or null when so much changed that
 * the whole body is the better message.
 */
export function bodyPatch(base: BodyBase, current: EditorState): BodyPatch | null {
  return $withCompactExport(false, () =>
    current.read(() => {
      const root = $getRoot();
      const { children: _none, ...rootFields } = $exportNodeJSON(root) as unknown as SerializedNode;
      const blocks: BodyPatch['blocks'] = [];
      let changed = 0;
      const limit = Math.max(4, Math.floor(root.getChildrenSize() * MAX_CHANGED_SHARE));
      for (const block of root.getChildren()) {
        const at = base.index.get(block.getKey());
        if (at !== undefined && $sameAsBase(base.state, block)) {
          blocks.push(at);
          continue;
        }
        changed += 1;
        if (changed > limit) return null;
        blocks.push($serializeNode(block));
      }
      return { baseBlocks: base.blocks, root: { ...rootFields, type: 'root' }, blocks };
    }),
  );
}
