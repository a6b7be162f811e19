import { useState, type FormEvent } from 'react';
import type { Target, TargetKind } from '../../../shared/remote/outbox';
import { formatAuthorMap, parseAuthorMap } from '../../../shared/remote/author-map';
import { ApiError } from '../../api/client';
import { useClient } from '../../api/context';
import { Field } from '../article/Field';
import { errorText } from './useRemote';

export const KIND_LABELS: Record<TargetKind, string> = { site: 'Copydesk site', ghost: 'Ghost' };

const CREDENTIAL_LABELS: Record<TargetKind, { label: string; hint: string; placeholder: string }> = {
  site: { label: 'API token', hint: 'From the site: copydesk site token create --name desk (publish and moderate).', placeholder: 'cds_…' },
  ghost: { label: 'Admin API key', hint: 'From Ghost Admin → Integrations: id:secret.', placeholder: 'id:secret' },
};

export interface TargetFormProps {
  /** Null: a new target. */
  target: Target | null;
  onSaved(target: Target): void;
  onCancel(): void;
}

/**
 * Add or edit a target. The token goes to targets:save only and is never read back: an edited
 * target shows "Stored", and an empty field keeps the stored token.
 */
export function TargetForm({ target, onSaved, onCancel }: TargetFormProps) {
  const client = useClient();
  const [kind, setKind] = useState<TargetKind>(target?.kind ?? 'site');
  const [name, setName] = useState(target?.name ?? '');
  const [baseUrl, setBaseUrl] = useState(target?.baseUrl ?? '');
  const [credential, setCredential] = useState('');
  const [autoPublish, setAutoPublish] = useState(target?.autoPublish ?? true);
  const [authors, setAuthors] = useState(formatAuthorMap(target?.authorMap ?? {}));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const prefix = target ? `target-${target.id}` : 'target-new';
  const secret = CREDENTIAL_LABELS[kind];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // Only Ghost credits staff users; the site API takes bylines as they are.
    const authorMap = kind === 'ghost' ? parseAuthorMap(authors) : null;
    if (authorMap?.error) {
      setErrors({ authorMap: authorMap.error });
      setFailure(null);
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      const saved = await client.api['targets:save']({
        ...(target ? { id: target.id } : {}),
        kind,
        name: name.trim(),
        baseUrl: baseUrl.trim(),
        autoPublish,
        ...(credential !== '' ? { credential } : {}),
        ...(authorMap?.map ? { authorMap: authorMap.map } : {}),
      });
      setCredential('');
      onSaved(saved);
    } catch (error) {
      setErrors(error instanceof ApiError && error.fields ? error.fields : {});
      setFailure(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="target-form" aria-label={target ? `Edit ${target.name}` : 'New publishing target'} onSubmit={(e) => void submit(e)} noValidate>
      <div className="target-form-grid">
        <Field id={`${prefix}-kind`} label="Kind" error={errors.kind}>
          {(describedBy) => (
            <select id={`${prefix}-kind`} className="input select" value={kind} aria-describedby={describedBy} onChange={(e) => setKind(e.target.value as TargetKind)}>
              {(Object.keys(KIND_LABELS) as TargetKind[]).map((k) => (
                <option key={k} value={k}>
                  {KIND_LABELS[k]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id={`${prefix}-name`} label="Name" hint="Lowercase letters, digits and _; used by the command line (--target)." error={errors.name}>
          {(describedBy) => (
            <input
              id={`${prefix}-name`}
              className="input"
              value={name}
              spellCheck={false}
              autoComplete="off"
              placeholder="news_site"
              aria-describedby={describedBy}
              aria-invalid={errors.name ? true : undefined}
              onChange={(e) => setName(e.target.value)}
            />
          )}
        </Field>
      </div>
      <Field id={`${prefix}-url`} label="Base URL" hint={kind === 'ghost' ? 'Your Ghost site, e.g. https://blog.example.org/' : 'The Copydesk site’s address, e.g. https://news.example.org/ (its API under /api/ is found from it).'} error={errors.baseUrl}>
        {(describedBy) => (
          <input
            id={`${prefix}-url`}
            className="input"
            type="url"
            value={baseUrl}
            spellCheck={false}
            placeholder="https://"
            aria-describedby={describedBy}
            aria-invalid={errors.baseUrl ? true : undefined}
            onChange={(e) => setBaseUrl(e.target.value)}
          />
        )}
      </Field>
      <Field id={`${prefix}-credential`} label={secret.label} hint={target?.hasCredentials ? 'Stored. Type a new one to replace it.' : secret.hint} error={errors.credential}>
        {(describedBy) => (
          <input
            id={`${prefix}-credential`}
            className="input"
            type="password"
            value={credential}
            autoComplete="new-password"
            spellCheck={false}
            placeholder={target?.hasCredentials ? 'Stored' : secret.placeholder}
            aria-describedby={describedBy}
            aria-invalid={errors.credential ? true : undefined}
            onChange={(e) => setCredential(e.target.value)}
          />
        )}
      </Field>
      {kind === 'ghost' ? (
        <Field
          id={`${prefix}-authors`}
          label="Bylines to Ghost staff"
          hint="Bylines are matched to Ghost staff by name or email. For a name that differs, add a line: Byline name = staff@example.com"
          error={errors.authorMap}
        >
          {(describedBy) => (
            <textarea
              id={`${prefix}-authors`}
              className="input"
              rows={3}
              maxLength={20000}
              value={authors}
              spellCheck={false}
              placeholder="Ann Reporter = ann@example.org"
              aria-describedby={describedBy}
              aria-invalid={errors.authorMap ? true : undefined}
              onChange={(e) => setAuthors(e.target.value)}
            />
          )}
        </Field>
      ) : null}
      <label className="check">
        <input type="checkbox" checked={autoPublish} onChange={(e) => setAutoPublish(e.target.checked)} />
        <span>
          Publish here automatically
          <small>Publishing (or unpublishing) an article queues it for this target.</small>
        </span>
      </label>
      {failure ? (
        <p className="form-failure" role="alert">
          {failure}
        </p>
      ) : null}
      <div className="target-form-actions">
        <button type="button" className="button button-quiet" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={busy}>
          {target ? 'Save target' : 'Add target'}
        </button>
      </div>
    </form>
  );
}
