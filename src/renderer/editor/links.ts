import { isAllowedLinkUrl } from '../../shared/lexical/link-url';

/**
 * The check for link targets the editor applies: a full address (the popover and the paste
 * cleaner never make relative links) that the shared rule allows, so whatever the editor writes
 * the schema and the renderer accept too. The link popover, the link plugin and the paste
 * cleaner all call it.
 */
export function isSafeLinkUrl(url: string): boolean {
  try {
    new URL(url);
  } catch {
    return false;
  }
  return isAllowedLinkUrl(url);
}

/**
 * What an editor typed into the link field, made into a candidate URL: surrounding space is
 * trimmed and a bare host ("www.example.com/x") gets `https://`, because that is what people
 * paste from an address bar. The result still has to pass isSafeLinkUrl.
 */
export function normalizeLinkInput(input: string): string {
  const value = input.trim();
  if (value === '' || /^[a-z][a-z0-9+.-]*:/i.test(value)) return value;
  if (value.startsWith('//')) return `https:${value}`;
  if (/^[^\s@/:]+@[^\s@/:]+\.[^\s@/:]+$/.test(value)) return `mailto:${value}`;
  try {
    const url = new URL(`https://${value}`);
    // A bare word ("draft") is more likely a typo than a host; a dotted host is a real address.
    return url.hostname.includes('.') ? url.href : value;
  } catch {
    return value;
  }
}
