import type { EditorThemeClasses } from 'lexical';

/**
 * Class names Lexical puts on the nodes it renders; styled in editor.css. One theme for the
 * body and the read-only takeaways/answers so they read alike.
 */
export const editorTheme: EditorThemeClasses = {
  paragraph: 'rt-paragraph',
  quote: 'rt-quote',
  heading: { h1: 'rt-h1', h2: 'rt-h2', h3: 'rt-h3', h4: 'rt-h4', h5: 'rt-h5', h6: 'rt-h6' },
  list: {
    ul: 'rt-ul',
    ol: 'rt-ol',
    listitem: 'rt-li',
    nested: { listitem: 'rt-li-nested' },
  },
  link: 'rt-link',
  hr: 'rt-hr',
  image: 'rt-image',
  text: {
    bold: 'rt-bold',
    italic: 'rt-italic',
    underline: 'rt-underline',
    strikethrough: 'rt-strike',
    underlineStrikethrough: 'rt-underline-strike',
    code: 'rt-code',
  },
};
