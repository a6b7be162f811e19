import { createHash } from 'node:crypto';
import { PREVIEW_STYLESHEET } from '../../shared/render/preview';

/**
 * The preview frame is a srcdoc document, which inherits the app page's CSP; that policy allows
 * no inline style. Rather than allowing every inline style, the app's policy lists this one
 * stylesheet by hash (CSP3 hash source), so only the preview's exact <style> applies.
 */
export const PREVIEW_STYLE_SOURCE = `'sha256-${createHash('sha256').update(PREVIEW_STYLESHEET, 'utf8').digest('base64')}'`;
