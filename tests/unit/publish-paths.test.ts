import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { relativeHref, relativeHrefBySegments } from '../../src/core/publish/paths';

/** Site paths from a few folder names that share prefixes ("a", "ab", "a.b"), with dot and empty segments. */
const segment = fc.constantFrom('a', 'ab', 'b', 'a.b', 'page', '2', '.', '..', '');
const sitePath = fc.tuple(fc.boolean(), fc.array(segment, { maxLength: 5 }), fc.constantFrom('', 'index.html', 'a', 'site.css')).map(
  ([rooted, folders, file]) => `${rooted ? '/' : ''}${folders.map((f) => `${f}/`).join('')}${file}`,
);

describe('relativeHref', () => {
  it('compares site paths in place exactly as it would by folder names', () => {
    fc.assert(fc.property(sitePath, sitePath, (from, to) => {
        expect(relativeHref(from, to)).toBe(relativeHrefBySegments(from, to));
      }), { numRuns: 5000 });
  });

  it('links between listing and article pages', () => {
    expect(relativeHref('/section/world/', '/world/a-story/')).toBe('../../world/a-story/');
    expect(relativeHref('/a/bc/', '/a/b/x')).toBe('../b/x');
    expect(relativeHref('/a/b', '/a/b/c')).toBe('b/c');
    expect(relativeHref('/tag/water/page/2/', '/tag/water/')).toBe('../../');
  });
});
