import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { ArticleFacets, FacetValue } from '../../../shared/facets';
import { FILTER_OPTIONS, isLibraryFilter, isNarrowed, isSearching, sortOptions, effectiveSort, type LibraryFilter, type LibraryRefine, type LibrarySort } from './filters';
import './search.css';

export interface LibraryControlsProps {
  filter: LibraryFilter;
  refine: LibraryRefine;
  facets: ArticleFacets;
  onFilterChange(filter: LibraryFilter): void;
  onRefineChange(refine: LibraryRefine): void;
}

/** The key that jumps to the search box from anywhere outside a text field. */
export const SEARCH_SHORTCUT = '/';

function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Keeps a chosen value in its menu even when no live article carries it any more. */
function withCurrent(values: FacetValue[], current: string): FacetValue[] {
  if (!current || values.some((v) => v.name.toLowerCase() === current.toLowerCase())) return values;
  return [{ name: current, count: 0 }, ...values];
}

/** Search box, status/section/tag filters and the sort order of the library. */
export function LibraryControls({ filter, refine, facets, onFilterChange, onRefineChange }: LibraryControlsProps) {
  const searchRef = useRef<HTMLInputElement>(null);
  const searching = isSearching(refine);

  // "/" focuses the search box (as on GitHub or Gmail), unless the person is typing somewhere.
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key !== SEARCH_SHORTCUT || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
      if (isTextEntry(event.target) || document.querySelector('dialog[open]')) return;
      event.preventDefault();
      searchRef.current?.focus();
      searchRef.current?.select();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const set = (patch: Partial<LibraryRefine>) => onRefineChange({ ...refine, ...patch });

  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Escape' && refine.text !== '') {
      event.preventDefault();
      set({ text: '' });
    }
  };

  const sections = withCurrent(facets.sections, refine.section);
  const tags = withCurrent(facets.tags, refine.tag);

  return (
    <div className="library-controls">
      <div className="library-search">
        <label htmlFor="library-search" className="visually-hidden">
          Search articles
        </label>
        <svg className="library-search-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
          <circle cx="7" cy="7" r="4.75" fill="none" stroke="currentColor" strokeWidth="1.6" />
          <path d="M10.5 10.5 14 14" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
        </svg>
        <input
          ref={searchRef}
          id="library-search"
          className="input library-search-input"
          type="search"
          value={refine.text}
          placeholder="Search articles"
          aria-keyshortcuts={SEARCH_SHORTCUT}
          aria-describedby="library-search-hint"
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => set({ text: event.target.value })}
          onKeyDown={onSearchKey}
        />
        {refine.text === '' ? (
          <kbd className="library-search-kbd" id="library-search-hint" title={`Press ${SEARCH_SHORTCUT} to search`}>
            <span className="visually-hidden">Press </span>
            {SEARCH_SHORTCUT}
            <span className="visually-hidden"> to search from anywhere</span>
          </kbd>
        ) : (
          <span id="library-search-hint" className="visually-hidden">
            Press Escape to clear the search.
          </span>
        )}
      </div>

      <div className="library-filters">
        <div className="library-filter-field">
          <label htmlFor="library-filter" className="field-label">
            {/* "Filter by …" keeps these apart from the article's own Section/Tags/Status fields. */}
            <span className="visually-hidden">Filter by </span>
            Status
          </label>
          <select
            id="library-filter"
            className="input select input-small"
            value={filter}
            onChange={(event) => {
              if (isLibraryFilter(event.target.value)) onFilterChange(event.target.value);
            }}
          >
            {FILTER_OPTIONS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
        <div className="library-filter-field">
          <label htmlFor="library-sort" className="field-label">
            Sort by
          </label>
          <select
            id="library-sort"
            className="input select input-small"
            value={effectiveSort(refine)}
            onChange={(event) => set({ sort: event.target.value as LibrarySort })}
          >
            {sortOptions(searching).map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
        <FacetFilter id="library-section" label="Section" allLabel="All sections" facets={sections} value={refine.section} onChange={(section) => set({ section })} />
        <FacetFilter id="library-tag" label="Tag" allLabel="All tags" facets={tags} value={refine.tag} onChange={(tag) => set({ tag })} />
      </div>
      {isNarrowed(refine) ? (
        <button
          type="button"
          className="library-clear"
          onClick={() => {
            onRefineChange({ ...refine, text: '', section: '', tag: '' });
            searchRef.current?.focus();
          }}
        >
          Clear search and filters
        </button>
      ) : null}
    </div>
  );
}

/** A section or tag filter: "All …" plus each facet with its article count. */
function FacetFilter(props: { id: string; label: string; allLabel: string; facets: { name: string; count: number }[]; value: string; onChange(value: string): void }) {
  return (
    <div className="library-filter-field">
      <label htmlFor={props.id} className="field-label">
        <span className="visually-hidden">Filter by </span>
        {props.label}
      </label>
      <select id={props.id} className="input select input-small" value={props.value} onChange={(event) => props.onChange(event.target.value)}>
        <option value="">{props.allLabel}</option>
        {props.facets.map((facet) => (
          <option key={facet.name} value={facet.name}>
            {`${facet.name} (${facet.count})`}
          </option>
        ))}
      </select>
    </div>
  );
}
