import {
  $applyNodeReplacement,
  $getDocument,
  createCommand,
  DecoratorNode,
  type DOMConversionMap,
  type DOMConversionOutput,
  type DOMExportOutput,
  type EditorConfig,
  type LexicalCommand,
  type LexicalNode,
  type NodeKey,
  type SerializedLexicalNode,
} from 'lexical';
import { isAssetSrc, MAX_IMAGE_DIMENSION } from '../assets';

/** What an image is made of; also the payload of INSERT_IMAGE_COMMAND. */
export interface ImagePayload {
  /** `assets/<32 hex>.<png|jpg|gif|webp>`: a file in the workspace's assets folder. */
  src: string;
  altText: string;
  caption: string;
  width: number;
  height: number;
}

/** The stored JSON, exactly: the publish renderer and the schema check read these keys. */
export interface SerializedImageNode extends SerializedLexicalNode, ImagePayload {
  type: 'image';
  version: 1;
}

export const INSERT_IMAGE_COMMAND: LexicalCommand<ImagePayload> = createCommand('INSERT_IMAGE_COMMAND');

/**
 * How an editor turns a stored `src` into a URL it can load. The stored value is relative to the
 * workspace (and, once published, to the page); only the host knows where the workspace's files
 * are served from (`/workspace-assets/…` in a browser, `copydesk-asset://…` in Electron), so the
 * renderer sets this once at start-up. Published HTML (exportDOM) always uses the stored src.
 */
let resolveImageUrl: (src: string) => string = (src) => src;

export function setImageUrlResolver(resolver: (src: string) => string): void {
  resolveImageUrl = resolver;
}

/**
 * The few DOM members this file uses. Shared code is compiled without the DOM library (and
 * Electron's typings declare a partial `Document` there), so the editor's document is read through
 * this shape; at run time it is whatever document the editor renders into.
 */
interface DomElement {
  setAttribute(name: string, value: string): void;
  getAttribute(name: string): string | null;
  querySelector(selectors: string): DomElement | null;
  append(...nodes: DomElement[]): void;
  textContent: string | null;
}
interface DomDocument {
  createElement(tag: string): DomElement;
}
type HostElement = ReturnType<LexicalNode['createDOM']>;

function editorDocument(): DomDocument {
  return $getDocument() as unknown as DomDocument;
}

/** Builds `<figure><img><figcaption>`; text goes in through attributes and textContent only. */
function buildFigure(doc: DomDocument, url: string, image: ImagePayload): DomElement {
  const figure = doc.createElement('figure');
  const img = doc.createElement('img');
  img.setAttribute('src', url);
  img.setAttribute('alt', image.altText);
  if (image.width > 0) img.setAttribute('width', String(image.width));
  if (image.height > 0) img.setAttribute('height', String(image.height));
  figure.append(img);
  if (image.caption !== '') {
    const caption = doc.createElement('figcaption');
    caption.textContent = image.caption;
    figure.append(caption);
  }
  return figure;
}

function toText(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function toDimension(value: unknown): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isInteger(n) && n > 0 && n <= MAX_IMAGE_DIMENSION ? n : 0;
}

/**
 * A block image with alt text and an optional caption. It renders its own DOM
 * (`<figure><img><figcaption>`) from the editor's document instead of through React, so the same
 * class works in the renderer, in a headless editor on the server and in the publish renderer.
 */
export class ImageNode extends DecoratorNode<null> {
  __src: string;
  __altText: string;
  __caption: string;
  __width: number;
  __height: number;

  static override getType(): string {
    return 'image';
  }

  static override clone(node: ImageNode): ImageNode {
    return new ImageNode(node.__src, node.__altText, node.__caption, node.__width, node.__height, node.__key);
  }

  static override importJSON(json: Record<string, unknown>): ImageNode {
    return $createImageNode({
      src: toText(json.src),
      altText: toText(json.altText),
      caption: toText(json.caption),
      width: toDimension(json.width),
      height: toDimension(json.height),
    });
  }

  static override importDOM(): DOMConversionMap | null {
    return {
      img: (element) => (isAssetSrc((element as unknown as DomElement).getAttribute('src')) ? { conversion: convertImage, priority: 1 } : null),
      figure: (element) => {
        const img = (element as unknown as DomElement).querySelector('img');
        return img && isAssetSrc(img.getAttribute('src')) ? { conversion: convertFigure, priority: 2 } : null;
      },
    };
  }

  constructor(src: string, altText: string, caption: string, width: number, height: number, key?: NodeKey) {
    super(key);
    this.__src = src;
    this.__altText = altText;
    this.__caption = caption;
    this.__width = width;
    this.__height = height;
  }

  override exportJSON(): SerializedImageNode {
    return {
      type: 'image',
      version: 1,
      src: this.__src,
      altText: this.__altText,
      caption: this.__caption,
      width: this.__width,
      height: this.__height,
    };
  }

  override createDOM(config: EditorConfig): HostElement {
    const image = this.getPayload();
    const figure = buildFigure(editorDocument(), resolveImageUrl(image.src), image);
    const className = config.theme.image;
    if (typeof className === 'string' && className !== '') figure.setAttribute('class', className);
    // The figure is one unit: the caret never enters it and its text is edited in a dialog.
    figure.setAttribute('contenteditable', 'false');
    figure.setAttribute('data-lexical-image', '');
    if (image.altText.trim() === '') figure.setAttribute('data-missing-alt', '');
    figure.querySelector('img')?.setAttribute('draggable', 'false');
    return figure as unknown as HostElement;
  }

  override updateDOM(prev: ImageNode): boolean {
    // Rebuilt whole on any change: a figure is small, and this keeps createDOM the one renderer.
    return (
      prev.__src !== this.__src ||
      prev.__altText !== this.__altText ||
      prev.__caption !== this.__caption ||
      prev.__width !== this.__width ||
      prev.__height !== this.__height
    );
  }

  override exportDOM(): DOMExportOutput {
    const image = this.getPayload();
    return { element: buildFigure(editorDocument(), image.src, image) as unknown as HostElement };
  }

  override decorate(): null {
    return null;
  }

  override isInline(): false {
    return false;
  }

  /** Alt text stands in for the image in plain-text copies and search snippets. */
  override getTextContent(): string {
    return this.__altText;
  }

  getPayload(): ImagePayload {
    const self = this.getLatest();
    return { src: self.__src, altText: self.__altText, caption: self.__caption, width: self.__width, height: self.__height };
  }

  getSrc(): string {
    return this.getLatest().__src;
  }

  getAltText(): string {
    return this.getLatest().__altText;
  }

  getCaption(): string {
    return this.getLatest().__caption;
  }

  /** Changes the words around the picture; the picture itself is replaced by inserting anew. */
  setText(altText: string, caption: string): this {
    const writable = this.getWritable();
    writable.__altText = altText;
    writable.__caption = caption;
    return writable;
  }
}

function readImage(img: DomElement, caption: string): DOMConversionOutput {
  return {
    node: $createImageNode({
      src: img.getAttribute('src') ?? '',
      altText: img.getAttribute('alt') ?? '',
      caption,
      width: toDimension(img.getAttribute('width')),
      height: toDimension(img.getAttribute('height')),
    }),
  };
}

function convertImage(element: unknown): DOMConversionOutput {
  return readImage(element as DomElement, '');
}

function convertFigure(element: unknown): DOMConversionOutput {
  const figure = element as DomElement;
  const img = figure.querySelector('img');
  const caption = figure.querySelector('figcaption')?.textContent?.trim() ?? '';
  // The figure's children (the img, the caption's text) are already in the node: skip them.
  return img ? { ...readImage(img, caption), forChild: () => null } : { node: null };
}

export function $createImageNode(payload: ImagePayload): ImageNode {
  return $applyNodeReplacement(new ImageNode(payload.src, payload.altText, payload.caption, payload.width, payload.height));
}

export function $isImageNode(node: LexicalNode | null | undefined): node is ImageNode {
  return node instanceof ImageNode;
}
