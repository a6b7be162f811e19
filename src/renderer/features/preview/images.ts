import { useEffect, useRef, useState } from 'react';
import { BRIDGE_KEY } from '../../../shared/contract/names';
import { assetUrl } from '../../editor/image/asset-url';

/** Where images in a document are: every `"src":"assets/…"` in the JSON. */
export function assetSources(json: string): string[] {
  return [...new Set(json.match(/assets\/[0-9a-f]{32}\.(?:png|jpg|gif|webp)/g) ?? [])];
}

const inElectron = () => BRIDGE_KEY in window;

/**
 * Image URLs the sandboxed preview frame can load. The frame has an opaque origin, so in a
 * browser the web host's cookie-guarded, same-origin-only asset route is closed to it: the app
 * (which may load it) fetches each image once and hands the frame a data: URL. In Electron the
 * asset scheme needs no cookie, so the frame loads `copydesk-asset:` URLs directly.
 */
export function usePreviewImages(sources: string[]): { url(src: string): string | null; imageSources: string[]; version: number } {
  const cache = useRef(new Map<string, string | null>());
  const [version, setVersion] = useState(0);
  const electron = inElectron();
  const key = sources.join('\n');

  useEffect(() => {
    if (electron) return;
    const missing = key.split('\n').filter((src) => src !== '' && !cache.current.has(src));
    for (const src of missing) {
      cache.current.set(src, null);
      fetch(assetUrl(src, false))
        .then((response) => (response.ok ? response.blob() : Promise.reject(new Error(String(response.status)))))
        .then(
          (blob) =>
            new Promise<string>((resolve, reject) => {
              const reader = new FileReader();
              reader.onload = () => resolve(String(reader.result));
              reader.onerror = () => reject(reader.error ?? new Error('read failed'));
              reader.readAsDataURL(blob);
            }),
        )
        .then((dataUrl) => {
          cache.current.set(src, dataUrl.startsWith('data:image/') ? dataUrl : null);
          setVersion((v) => v + 1);
        })
        .catch(() => {
          // A missing image shows as missing; the editor already reports it.
        });
    }
  }, [key, electron]);

  if (electron) return { url: (src) => assetUrl(src, true) || null, imageSources: ['copydesk-asset:'], version };
  return { url: (src) => cache.current.get(src) ?? null, imageSources: [], version };
}
