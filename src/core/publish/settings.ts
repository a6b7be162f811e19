import type { Database } from '../db/open';
import { SiteSettingsSchema, SiteSettingsUpdateSchema, type SiteSettings, type SiteSettingsUpdate } from '../../shared/site';
import { parseOrThrow } from '../validation';

interface SettingsRow {
  title: string;
  base_url: string;
  language: string;
  description: string;
  login_url: string;
  logo: string | null;
  output_dir: string;
  url_pattern: string;
}

/**
 * The live-parts server is kept in `meta` rather than a new column: it is one optional value, and
 * an absent key reads as "none" in every workspace, old or new.
 */
const LIVE_URL_KEY = 'site.live_url';

/** The site settings row (migration 0003 creates it with defaults), plus the live-parts server. */
export class SiteSettingsStore {
  constructor(private readonly db: Database) {}

  get(): SiteSettings {
    const row = this.db.prepare('SELECT * FROM site_settings WHERE id = 1').get() as SettingsRow;
    return {
      title: row.title,
      baseUrl: row.base_url,
      language: row.language,
      description: row.description,
      loginUrl: row.login_url,
      logo: row.logo,
      outputDir: row.output_dir,
      urlPattern: row.url_pattern,
      liveUrl: this.liveUrl(),
    };
  }

  /** Parsed on read like any stored value: a malformed one counts as none. */
  private liveUrl(): string {
    const raw = this.db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(LIVE_URL_KEY) as string | undefined;
    const parsed = SiteSettingsSchema.shape.liveUrl.safeParse(raw ?? '');
    return parsed.success ? parsed.data : '';
  }

  /**
   * Validates the changed fields on their own (per-field errors), then the merged whole, and
   * writes it in one statement.
   */
  update(input: SiteSettingsUpdate): SiteSettings {
    const changes = parseOrThrow(SiteSettingsUpdateSchema, input, 'site settings');
    const next = parseOrThrow(SiteSettingsSchema, { ...this.get(), ...changes }, 'site settings');
    const { liveUrl, ...columns } = next;
    this.db.transaction(() => {
      this.db
        .prepare(
          `UPDATE site_settings SET title = :title, base_url = :baseUrl, language = :language, description = :description,
             login_url = :loginUrl, logo = :logo, output_dir = :outputDir, url_pattern = :urlPattern, updated_at = :updatedAt
           WHERE id = 1`,
        )
        .run({ ...columns, updatedAt: new Date().toISOString() });
      this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(LIVE_URL_KEY, liveUrl);
    })();
    return next;
  }
}
