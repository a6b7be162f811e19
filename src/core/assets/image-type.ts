import { imageSize } from 'image-size';
import type { AssetExtension } from '../../shared/assets';
import { CopydeskError } from '../../shared/errors';

export interface ImageInfo {
  ext: AssetExtension;
  width: number;
  height: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const PNG_IEND = [0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  return bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b);
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, end));
}

/** The type named by the file's first bytes; the file name and any declared type are ignored. */
export function sniffImageType(bytes: Uint8Array): AssetExtension | null {
  if (startsWith(bytes, PNG_SIGNATURE)) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpg';
  if (bytes.length >= 6 && (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a')) return 'gif';
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'webp';
  return null;
}

/** True for text that looks like SVG (or XML wrapping it), so the refusal can say why. */
function looksLikeSvg(bytes: Uint8Array): boolean {
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 4096)).replace(/^\uFEFF/, '').trimStart().toLowerCase();
  return head.startsWith('<svg') || ((head.startsWith('<?xml') || head.startsWith('<!doctype svg')) && head.includes('<svg'));
}

/**
 * A file cut short (an interrupted download or copy) must not become an asset that renders half
 * a picture: each format's end marker has to be there.
 */
function isComplete(ext: AssetExtension, bytes: Uint8Array): boolean {
  switch (ext) {
    case 'png':
      return startsWith(bytes, PNG_IEND, bytes.length - PNG_IEND.length);
    case 'gif':
      return bytes[bytes.length - 1] === 0x3b;
    case 'webp': {
      // RIFF's size field counts everything after the first 8 bytes.
      const declared = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
      return declared + 8 <= bytes.length;
    }
    case 'jpg': {
      // End of image after the start of scan. Cameras may append trailers after EOI, so search.
      let sos = -1;
      for (let i = 2; i + 1 < bytes.length; i++) {
        if (bytes[i] === 0xff && bytes[i + 1] === 0xda) {
          sos = i;
          break;
        }
      }
      if (sos < 0) return false;
      for (let i = bytes.length - 2; i > sos; i--) if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) return true;
      return false;
    }
  }
}

const ACCEPTED = 'Copydesk accepts PNG, JPEG, GIF and WebP images';

/**
 * Identifies an image by its bytes and reads its display size. Throws `invalid_input` with a
 * sentence a person can act on for anything else, including SVG (it can carry script).
 */
export function inspectImage(bytes: Uint8Array, label = 'The file'): ImageInfo {
  const ext = sniffImageType(bytes);
  if (ext === null) {
    if (looksLikeSvg(bytes)) throw new CopydeskError('invalid_input', `${label} is an SVG image. SVG can contain scripts, so ${ACCEPTED.replace('Copydesk accepts', 'Copydesk only accepts')}: export it as PNG first.`);
    throw new CopydeskError('invalid_input', `${label} is not an image Copydesk can use. ${ACCEPTED}.`);
  }
  if (!isComplete(ext, bytes)) throw new CopydeskError('invalid_input', `${label} is incomplete (the ${ext.toUpperCase()} data ends early). Save or download it again.`);
  let size: ReturnType<typeof imageSize>;
  try {
    size = imageSize(bytes);
  } catch {
    throw new CopydeskError('invalid_input', `${label} looks like ${ext.toUpperCase()} but its header cannot be read. Save or export it again.`);
  }
  if (!size.width || !size.height) throw new CopydeskError('invalid_input', `${label} has no width or height.`);
  // EXIF orientations 5–8 are quarter turns: browsers draw them rotated, so the sides swap.
  const turned = ext === 'jpg' && size.orientation !== undefined && size.orientation >= 5;
  return { ext, width: turned ? size.height : size.width, height: turned ? size.width : size.height };
}
