/**
 * A small stand-in for a browser against the site's reader pages, over real HTTP: it keeps the
 * session cookie, sends the Origin a browser would send with a form, and reads the form token
 * out of the page it was given, so tests post exactly what the pages' forms would.
 */
export interface PageResponse {
  status: number;
  headers: Headers;
  text: string;
}

export class ReaderBrowser {
  cookie: string | null = null;
  constructor(
    readonly base: string,
    private readonly extraHeaders: Record<string, string> = {},
  ) {}

  private remember(response: Response): void {
    const set = response.headers.get('set-cookie');
    if (!set) return;
    const [pair] = set.split(';');
    this.cookie = /=$/.test(pair!) ? null : pair!;
  }

  async get(path: string): Promise<PageResponse> {
    const response = await fetch(new URL(path, this.base), { redirect: 'manual', headers: { ...this.extraHeaders, ...(this.cookie ? { cookie: this.cookie } : {}) } });
    this.remember(response);
    return { status: response.status, headers: response.headers, text: await response.text() };
  }

  /** A form POST; `origin: null` leaves the header out, a string overrides it. */
  async post(path: string, fields: Record<string, string>, options: { origin?: string | null } = {}): Promise<PageResponse> {
    const origin = options.origin === undefined ? new URL(this.base).origin : options.origin;
    const headers: Record<string, string> = { ...this.extraHeaders, 'content-type': 'application/x-www-form-urlencoded' };
    if (origin !== null) headers.origin = origin;
    if (this.cookie) headers.cookie = this.cookie;
    const response = await fetch(new URL(path, this.base), { method: 'POST', redirect: 'manual', headers, body: new URLSearchParams(fields).toString() });
    this.remember(response);
    return { status: response.status, headers: response.headers, text: await response.text() };
  }

  /** The form token in a page (every reader form carries the same one for a session). */
  static tokenIn(page: PageResponse): string {
    const match = /name="_csrf" value="([^"]+)"/.exec(page.text);
    if (!match) throw new Error(`The page has no form token (status ${page.status}):\n${page.text.slice(0, 500)}`);
    return match[1]!;
  }
}
