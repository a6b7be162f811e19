import fc from 'fast-check';
import type { SerializedNode, SerializedState } from '../../src/shared/lexical/schema';

/**
 * fast-check generators for the fuzz tests: hostile text, link targets and whole Lexical
 * documents that are sometimes valid and sometimes not, so both the accepting and the
 * refusing paths are exercised.
 */

export const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom(
    '<script>alert(1)</script>',
    '"><img src=x onerror=alert(1)>',
    ']]> <!-- --> &amp; &#0; \u0000\u0001\uFFFE',
    '\u202Eevil',
    '📰 𝔸 \uD800',
    '',
    '   ',
  ),
);

export const linkUrl = fc.oneof(
  fc.constantFrom(
    'https://example.org/a?b=1&c=2',
    'mailto:desk@example.org',
    '/about',
    '#notes',
    'example.org',
    'javascript:alert(1)',
    'JaVa\tScRiPt:alert(1)',
    '&#106;avascript:x',
    'data:text/html,<script>x</script>',
    'vbscript:x',
    '',
  ),
  fc.webUrl(),
  fc.string({ unit: 'binary', maxLength: 20 }),
);

const text = fc.record({
  type: fc.constant('text'),
  version: fc.constant(1),
  text: hostileText,
  format: fc.oneof(fc.integer({ min: 0, max: 2047 }), fc.constant(-1)),
  detail: fc.constant(0),
  mode: fc.constant('normal'),
  style: fc.constant(''),
});
const leaf = fc.oneof(
  { weight: 6, arbitrary: text },
  fc.constant({ type: 'linebreak', version: 1 }),
  fc.constant({ type: 'tab', version: 1, text: '\t', format: 0, detail: 2, mode: 'normal', style: '' }),
  fc.constant({ type: 'horizontalrule', version: 1 }),
  fc.record({
    type: fc.constant('image'),
    version: fc.constant(1),
    src: fc.oneof(fc.constant('assets/0123456789abcdef0123456789abcdef.png'), fc.string({ maxLength: 20 })),
    altText: hostileText,
    caption: hostileText,
    width: fc.oneof(fc.integer({ min: -5, max: 5000 }), fc.constant(1.5)),
    height: fc.integer({ min: 1, max: 5000 }),
  }),
  fc.record({ type: fc.constantFrom('table', 'code', 'root', ''), version: fc.constant(1) }),
) as fc.Arbitrary<SerializedNode>;

const { node } = fc.letrec<{ node: SerializedNode; element: SerializedNode }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('element')),
  element: fc
    .record({
      type: fc.constantFrom('paragraph', 'heading', 'quote', 'list', 'listitem', 'link', 'autolink'),
      version: fc.constant(1),
      children: fc.array(tie('node'), { maxLength: 4 }),
      tag: fc.constantFrom('h1', 'h2', 'h3', 'h4', 'h6', 'script', 'ol', 'ul'),
      listType: fc.constantFrom('bullet', 'number', 'check', 'weird'),
      start: fc.oneof(fc.integer({ min: -3, max: 40 }), fc.constant(2.5)),
      url: linkUrl,
      format: fc.constantFrom('', 'left', 'center', 'justify', 'x" onclick="y'),
      direction: fc.constantFrom(null, 'ltr', 'rtl'),
      indent: fc.constant(0),
      isUnlinked: fc.boolean(),
      title: fc.option(hostileText, { nil: null }),
    })
    .map((n) => n as SerializedNode),
}));

/** A Lexical document: usually in the article node set, often not quite. */
export const lexicalDoc: fc.Arbitrary<SerializedState> = fc
  .array(node, { maxLength: 6 })
  .map((children) => ({ root: { type: 'root', version: 1, children } }) as SerializedState);
