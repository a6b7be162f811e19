import { useEffect, useState, type FormEvent } from 'react';
import { BRIDGE_KEY } from '../../../shared/contract/names';
import { SiteSettingsSchema, type SiteSettings } from '../../../shared/site';
import { ApiError } from '../../api/client';
import { useClient } from '../../api/context';
import { Field } from '../article/Field';
import { TargetsSection } from '../remote/TargetsSection';
import { LocalSiteSection } from './LocalSiteSection';
import './settings.css';

type Form = Record<keyof SiteSettings, string>;

const toForm = (s: SiteSettings): Form => ({ ...s, logo: s.logo ?? '' });

interface TextSetting {
  name: Exclude<keyof SiteSettings, 'description'>;
  label: string;
  hint: string;
  type?: 'url' | 'text';
  placeholder?: string;
}

const TEXT_SETTINGS: TextSetting[] = [
  { name: 'title', label: 'Site title', hint: 'Shown in every page header, in feeds and in search results.' },
  { name: 'baseUrl', label: 'Base URL', hint: 'Where the site will live, e.g. https://news.example.org/. Canonical URLs, feeds and the sitemap use it.', type: 'url', placeholder: 'https://news.example.org/' },
  { name: 'language', label: 'Language', hint: 'A BCP 47 tag such as en, en-GB or pt-BR.' },
  { name: 'loginUrl', label: 'Login URL', hint: 'Where readers log in to vote and comment. Leave empty to hide the login links.', type: 'url', placeholder: 'https://news.example.org/login' },
  {
    name: 'liveUrl',
    label: 'Live votes and comments from a Copydesk site',
    hint: 'The address of a Copydesk site that also receives these articles. Pages then show its current votes and comments wherever they are hosted. Leave empty for pages without any script.',
    type: 'url',
    placeholder: 'https://live.example.org/',
  },
  { name: 'logo', label: 'Logo', hint: 'A workspace image (assets/….png), or empty for none.', placeholder: 'assets/…' },
  { name: 'outputDir', label: 'Output folder', hint: 'An absolute folder path. It must be empty or a folder Copydesk published before.', placeholder: '/home/me/site' },
  { name: 'urlPattern', label: 'URL pattern', hint: 'Article addresses. Tokens: <section> <slug> <yyyy> <mm> <dd>; <slug> is required.', placeholder: '/<section>/<slug>/' },
];

/** The site settings form: every field validated by core, errors shown beside their control. */
export function SettingsView() {
  const client = useClient();
  const [saved, setSaved] = useState<SiteSettings | null>(null);
  const [form, setForm] = useState<Form | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<string>('');
  const [loadError, setLoadError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Bumped when the local site starts or stops, so the targets list shows its target as it is now.
  const [targetsKey, setTargetsKey] = useState(0);

  useEffect(() => {
    let live = true;
    client.api['site:get']().then(
      (settings) => {
        if (!live) return;
        setSaved(settings);
        setForm(toForm(settings));
      },
      (error: unknown) => live && setLoadError(error instanceof Error ? error.message : String(error)),
    );
    return () => {
      live = false;
    };
  }, [client]);

  if (loadError) return <div className="empty-state" role="alert"><p>Could not load the settings: {loadError}</p></div>;
  if (!form || !saved) return <div className="empty-state" aria-busy="true"><p>Loading settings…</p></div>;

  const set = (name: keyof SiteSettings, value: string) => {
    setForm({ ...form, [name]: value });
    setStatus('');
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setStatus('');
    try {
      const next = await client.api['site:update']({ ...form, logo: form.logo.trim() === '' ? null : form.logo.trim() });
      setSaved(next);
      setForm(toForm(next));
      setErrors({});
      setStatus('Settings saved');
    } catch (error) {
      if (error instanceof ApiError && error.fields) setErrors(error.fields);
      setStatus(error instanceof Error ? `Not saved: ${error.message}` : 'Not saved');
    } finally {
      setBusy(false);
    }
  };

  /** A field's problem as soon as the person leaves it, by the same rule core applies on save. */
  const check = (name: keyof SiteSettings) => {
    const result = SiteSettingsSchema.shape[name].safeParse(name === 'logo' && form.logo.trim() === '' ? null : form[name]);
    setErrors((current) => {
      const { [name]: _old, ...rest } = current;
      return result.success ? rest : { ...rest, [name]: result.error.issues[0]?.message ?? 'Not valid' };
    });
  };

  // The desktop app can show the system's folder picker; the browser build types a path.
  const canPickFolder = BRIDGE_KEY in window;
  const chooseFolder = async () => {
    try {
      const { path } = await client.api['dialog:chooseFolder']();
      if (path !== null) {
        set('outputDir', path);
        setErrors(({ outputDir: _old, ...rest }) => rest);
      }
    } catch (error) {
      setStatus(error instanceof Error ? error.message : String(error));
    }
  };

  const input = (setting: TextSetting) => (
    <Field key={setting.name} id={`site-${setting.name}`} label={setting.label} hint={setting.hint} error={errors[setting.name]}>
      {(describedBy) => {
        const control = (
          <input
            id={`site-${setting.name}`}
            className="input"
            type={setting.type ?? 'text'}
            value={form[setting.name]}
            placeholder={setting.placeholder}
            aria-describedby={describedBy}
            aria-invalid={errors[setting.name] ? true : undefined}
            spellCheck={false}
            onChange={(event) => set(setting.name, event.target.value)}
            onBlur={() => check(setting.name)}
          />
        );
        if (setting.name !== 'outputDir' || !canPickFolder) return control;
        return (
          <div className="settings-path">
            {control}
            <button type="button" className="button" onClick={() => void chooseFolder()}>
              Choose…
            </button>
          </div>
        );
      }}
    </Field>
  );

  return (
    <>
    <section className="settings" aria-labelledby="settings-heading">
      <h1 id="settings-heading" className="settings-heading">
        Site settings
      </h1>
      <p className="settings-intro">How the published static site looks and where it is written.</p>
      <form className="settings-form" onSubmit={(event) => void submit(event)} noValidate>
        {TEXT_SETTINGS.slice(0, 3).map(input)}
        <Field id="site-description" label="Description" hint="One or two sentences for the home page, feeds and search results." error={errors.description}>
          {(describedBy) => (
            <textarea
              id="site-description"
              className="input"
              rows={3}
              value={form.description}
              aria-describedby={describedBy}
              aria-invalid={errors.description ? true : undefined}
              onChange={(event) => set('description', event.target.value)}
            />
          )}
        </Field>
        {TEXT_SETTINGS.slice(3).map(input)}
        <div className="settings-actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            Save settings
          </button>
          <p className="settings-status" role="status">
            {status}
          </p>
        </div>
      </form>
    </section>
    <TargetsSection refreshKey={targetsKey} />
    <LocalSiteSection onChanged={() => setTargetsKey((k) => k + 1)} />
    </>
  );
}
