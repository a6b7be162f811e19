import { assetFileOf } from '../../../shared/assets';
import { BRIDGE_KEY } from '../../../shared/contract/names';

/** Where the Electron main process serves workspace assets (src/main/assets-protocol.ts). */
const ELECTRON_ASSET_BASE = 'copydesk-asset://asset/';
/** Where the loopback web host serves them (src/web/assets.ts). */
const WEB_ASSET_BASE = '/workspace-assets/';

/**
 * The URL the page loads a stored image `src` from. Inside Electron (the preload's bridge is on
 * window) that is the app's own scheme; in a browser, the web host's token-guarded route. A src
 * that is not a workspace asset gets an empty URL, so nothing outside the workspace is loaded.
 */
export function assetUrl(src: string, inElectron = typeof window !== 'undefined' && BRIDGE_KEY in window): string {
  const file = assetFileOf(src);
  if (file === null) return '';
  return `${inElectron ? ELECTRON_ASSET_BASE : WEB_ASSET_BASE}${file}`;
}
