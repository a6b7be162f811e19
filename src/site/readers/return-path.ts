/**
 * Where to send a reader after signing in. Only a path on this site is accepted: anything that
 * could leave it (`//evil.example`, `/\evil.example`, `https://…`, control characters a browser
 * would strip) becomes "/", so a crafted sign-in link cannot redirect a reader elsewhere.
 */
const BASE = 'http://return-path.invalid';

export function safeReturnPath(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 500) return '/';
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.includes('\\')) return '/';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(raw)) return '/';
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return '/';
  }
  if (url.origin !== BASE) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}
