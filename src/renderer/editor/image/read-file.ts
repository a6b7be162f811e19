import { MAX_ASSET_BYTES } from '../../../shared/assets';

/** The types the picker offers and paste/drop take; the host checks the bytes again. */
export const IMAGE_ACCEPT = 'image/png,image/jpeg,image/gif,image/webp';

/** Files on a clipboard or in a drop that look like images (the host decides for sure). */
export function imageFilesOf(transfer: DataTransfer | null): File[] {
  if (!transfer) return [];
  return [...transfer.files].filter((file) => file.type.startsWith('image/'));
}

/** True when a clipboard carries words (plain or HTML), not just a picture. */
export function hasPastedText(transfer: DataTransfer | null): boolean {
  if (!transfer) return false;
  if (transfer.getData('text/plain').trim() !== '') return true;
  const html = transfer.getData('text/html');
  if (html === '') return false;
  // Parsed inertly (DOMParser runs no scripts and loads nothing) only to read its text.
  return (new DOMParser().parseFromString(html, 'text/html').body.textContent ?? '').trim() !== '';
}

/** A size check before sending, so a 200 MB photo fails at once with a useful message. */
export function tooLargeMessage(file: File): string | null {
  if (file.size <= MAX_ASSET_BYTES) return null;
  return `${file.name || 'This image'} is ${(file.size / (1024 * 1024)).toFixed(1)} MB; images can be at most ${MAX_ASSET_BYTES / (1024 * 1024)} MB.`;
}

/** The file's bytes as base64, for the `assets:import` call. */
export function readAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read'));
    reader.readAsDataURL(file);
  });
}
