import { Window } from 'happy-dom';

/** Strings a hostile reader sends: script, breakouts, slot names, oversize, control, broken text. */
export const CORPUS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  '</title><script>alert(1)</script>',
  '</textarea><iframe src=javascript:alert(1)>',
  'javascript:alert(1)',
  '//evil.example/',
  '/\\evil.example',
  '{name} {email} {site}',
  'a'.repeat(5000),
  'é'.repeat(9000),
  'nul\u0000byte',
  'esc\u001b[31mred',
  'line\r\nBcc: victim@example.test',
  'right\u202eto-left',
  'zero\u200bwidth',
  'lone\ud800surrogate',
  '😀 emoji and 中文',
];
const window = new Window();

/** What a browser would build from the page that could run script: there must be none. */
export function activeParts(page: string): string[] {
  const document = new window.DOMParser().parseFromString(page, 'text/html');
  const found = [...document.querySelectorAll('script, iframe, img, svg, object, embed, base')].map((e) => e.tagName);
  for (const element of document.querySelectorAll('*')) {
    for (const attribute of element.attributes) if (/^on/i.test(attribute.name) || (/^(href|src|action|formaction)$/i.test(attribute.name) && /^\s*javascript:/i.test(attribute.value ?? ''))) found.push(`${element.tagName} ${attribute.name}`);
  }
  return found;
}
