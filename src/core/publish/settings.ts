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

/** The site settings row (migration 0003 creates it with defaults). */
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
    };
  }

  /**
   * Validates the changed fields on their own (per-field errors), then the merged whole, and
   * writes it in one statement.
   */
  update(input: SiteSettingsUpdate): SiteSettings {
    const changes = parseOrThrow(SiteSettingsUpdateSchema, input, 'site settings');
    const next = parseOrThrow(SiteSettingsSchema, { ...this.get(), ...changes }, 'site settings');
    this.db
      .prepare(
        `UPDATE site_settings SET title = :title, base_url = :baseUrl, language = :language, description = :description,
           login_url = :loginUrl, logo = :logo, output_dir = :outputDir, url_pattern = :urlPattern, updated_at = :updatedAt
         WHERE id = 1`,
      )
      .run({ ...next, updatedAt: new Date().toISOString() });
    return next;
  }
}
