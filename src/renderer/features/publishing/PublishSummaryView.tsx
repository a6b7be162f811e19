import type { PublishSummary } from '../../../shared/site';

/** What a publish did: counts, then the changed files and any errors. */
export function PublishSummaryView({ summary }: { summary: PublishSummary }) {
  const verb = summary.dryRun ? 'would be ' : '';
  return (
    <div className="publish-summary" role="status" aria-label="Publish summary">
      <p className="publish-summary-counts">
        {summary.dryRun ? 'Dry run: ' : 'Published: '}
        <strong>{summary.written.length}</strong> {verb}written, <strong>{summary.unchanged}</strong> unchanged,{' '}
        <strong>{summary.deleted.length}</strong> {verb}deleted, <strong>{summary.errors.length}</strong> errors
        <span className="publish-summary-time"> ({summary.articles} articles in {(summary.ms / 1000).toFixed(1)} s)</span>
      </p>
      <p className="publish-summary-dir">Folder: {summary.outDir}</p>
      {summary.errors.length > 0 ? (
        <ul className="publish-summary-errors" aria-label="Errors">
          {summary.errors.map((e) => (
            <li key={`${e.path}:${e.message}`}>
              <code>{e.path}</code>: {e.message}
            </li>
          ))}
        </ul>
      ) : null}
      {summary.written.length > 0 || summary.deleted.length > 0 ? (
        <details className="publish-summary-files">
          <summary>Changed files</summary>
          <ul>
            {summary.written.slice(0, 200).map((path) => (
              <li key={`w:${path}`}>{summary.dryRun ? 'would write' : 'wrote'} {path}</li>
            ))}
            {summary.deleted.slice(0, 200).map((path) => (
              <li key={`d:${path}`}>{summary.dryRun ? 'would delete' : 'deleted'} {path}</li>
            ))}
            {summary.written.length + summary.deleted.length > 400 ? <li>…and more</li> : null}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
