import { ASSET_SRC_PATTERN, MAX_ALT_TEXT, MAX_CAPTION, MAX_IMAGE_DIMENSION } from '../assets';

export interface ImageProblem {
  /** Relative to the image node, e.g. ['altText']. */
  path: string[];
  message: string;
}

function isDimension(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= MAX_IMAGE_DIMENSION;
}

/**
 * The rules for a stored image node. Alt text is required: a picture nobody can describe to a
 * screen-reader user is not publishable, so a save without it fails on that field. `src` may
 * only name a file in the workspace's assets folder (no `../`, no URLs, no `javascript:`).
 * Images are blocks, so they sit directly under the root (depth 1), never inside a paragraph.
 */
export function checkImageNode(node: Record<string, unknown>, depth: number): ImageProblem | null {
  if (depth !== 1) return { path: ['type'], message: 'Images must be top-level blocks, not inside another block' };
  if (node.children !== undefined) return { path: ['children'], message: 'Image nodes have no children' };
  const { src, altText, caption, width, height } = node;
  if (typeof src !== 'string' || !ASSET_SRC_PATTERN.test(src)) {
    return { path: ['src'], message: 'Image source must be a workspace asset (assets/<32 hex>.png, .jpg, .gif or .webp)' };
  }
  if (typeof altText !== 'string' || altText.trim() === '') return { path: ['altText'], message: 'Alt text is required: describe the image' };
  if (altText.length > MAX_ALT_TEXT) return { path: ['altText'], message: `Alt text must be at most ${MAX_ALT_TEXT} characters` };
  if (typeof caption !== 'string') return { path: ['caption'], message: 'Caption must be text (it may be empty)' };
  if (caption.length > MAX_CAPTION) return { path: ['caption'], message: `Caption must be at most ${MAX_CAPTION} characters` };
  if (!isDimension(width)) return { path: ['width'], message: `Width must be a whole number from 1 to ${MAX_IMAGE_DIMENSION}` };
  if (!isDimension(height)) return { path: ['height'], message: `Height must be a whole number from 1 to ${MAX_IMAGE_DIMENSION}` };
  return null;
}
