/**
 * Parses an application/x-www-form-urlencoded body strictly: every name and value must decode to
 * valid UTF-8, or the whole form is UNREADABLE (URLSearchParams would quietly turn bad bytes into
 * U+FFFD, and a reader's text would be stored changed). Repeated names keep the first value.
 */
export const UNREADABLE = Object.freeze({ unreadable: true });

const UTF8 = new TextDecoder('utf-8', { fatal: true });

export function parseForm(body: Buffer): Record<string, string> | typeof UNREADABLE {
  let text: string;
  try {
    text = UTF8.decode(body);
  } catch {
    return UNREADABLE;
  }
  const fields: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const at = pair.indexOf('=');
    const [rawName, rawValue] = at < 0 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)];
    let name: string;
    let value: string;
    try {
      name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      value = decodeURIComponent(rawValue.replace(/\+/g, ' '));
    } catch {
      return UNREADABLE;
    }
    if (!(name in fields)) fields[name] = value;
  }
  return fields;
}
