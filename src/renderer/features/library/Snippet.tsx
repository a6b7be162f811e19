import { snippetRuns } from '../../../shared/search';

/**
 * A search snippet with its matches in <mark>. The snippet is untrusted article text, so it is
 * rendered as React text nodes only, never as HTML.
 */
export function Snippet({ snippet, className = 'article-item-snippet' }: { snippet: string; className?: string }) {
  return (
    <span className={className}>
      {snippetRuns(snippet).map((run, index) => (run.match ? <mark key={index}>{run.text}</mark> : <span key={index}>{run.text}</span>))}
    </span>
  );
}

/** The snippet's text without its match marks. */
export function snippetText(snippet: string): string {
  return snippetRuns(snippet)
    .map((run) => run.text)
    .join('');
}
