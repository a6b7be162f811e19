import type { Theme } from './preferences';

/**
 * Applies a chosen theme to the whole page. The stylesheets (each feature's own, and any added
 * later) write their dark colours under `@media (prefers-color-scheme: dark)`, which follows
 * the system and cannot be overridden from a page. Rather than duplicate every dark rule under
 * a class, the media conditions themselves are rewritten in the CSSOM to always or never apply,
 * and put back as written for "system".
 */
const SCHEME = /\(\s*prefers-color-scheme\s*:\s*(dark|light)\s*\)/g;
const ALWAYS = '(min-width: 0px)';
const NEVER = '(max-width: 0px) and (min-width: 1px)';

const originals = new WeakMap<CSSMediaRule, string>();

function rewrite(rules: CSSRuleList, theme: Theme): void {
  for (const rule of Array.from(rules)) {
    if (rule instanceof CSSMediaRule) {
      const original = originals.get(rule) ?? rule.media.mediaText;
      if (/prefers-color-scheme/.test(original)) {
        originals.set(rule, original);
        const next = theme === 'system' ? original : original.replace(SCHEME, (_match, scheme: string) => (scheme === theme ? ALWAYS : NEVER));
        if (rule.media.mediaText !== next) rule.media.mediaText = next;
      }
    }
    if ('cssRules' in rule && rule.cssRules instanceof CSSRuleList) rewrite(rule.cssRules, theme);
  }
}

function applyToSheets(theme: Theme): void {
  for (const sheet of Array.from(document.styleSheets)) {
    let rules: CSSRuleList;
    try {
      rules = sheet.cssRules;
    } catch {
      continue; // a stylesheet from another origin cannot be read (the app loads none)
    }
    rewrite(rules, theme);
  }
}

/**
 * Applies `theme` now and to stylesheets added later (a lazily loaded screen's CSS). Returns a
 * cleanup that stops watching.
 */
export function applyTheme(theme: Theme): () => void {
  const root = document.documentElement;
  root.dataset.theme = theme;
  // Form controls and scrollbars follow color-scheme.
  root.style.colorScheme = theme === 'system' ? '' : theme;
  applyToSheets(theme);
  const observer = new MutationObserver(() => applyToSheets(theme));
  observer.observe(document.head, { childList: true, subtree: true });
  const onLoad = () => applyToSheets(theme);
  // A <link> stylesheet added to the head is readable only once it has loaded.
  document.addEventListener('load', onLoad, true);
  return () => {
    observer.disconnect();
    document.removeEventListener('load', onLoad, true);
  };
}
