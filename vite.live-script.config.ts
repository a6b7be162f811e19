import { readFileSync } from 'node:fs';
import { minifySync, type Plugin } from 'vite';

/**
 * The site's reader script (src/site/pages/live.js) is written readable, with comments that say
 * why, and imported `?raw` so the server can send it as it is. Every page view downloads it, so
 * the bundle carries it minified instead: this plugin answers that one `?raw` import with the
 * oxc-minified text. Used by the CLI build (which serves it) and by the unit tests (which measure
 * what is served), so both see the same bytes. The script is plain ES5-style browser code with
 * no imports, so minifying it alone is enough; the names it uses from the page stay as they are.
 */
export function minifiedLiveScript(): Plugin {
  return {
    name: 'copydesk-minified-live-script',
    enforce: 'pre',
    load(id) {
      const [file, query] = id.split('?');
      if (query !== 'raw' || !file!.replace(/\\/g, '/').endsWith('/src/site/pages/live.js')) return null;
      const source = readFileSync(file!, 'utf8');
      const result = minifySync(file!, source, { compress: true, mangle: true });
      // A script that does not minify is a build error, not a silently larger download.
      if (result.errors.length > 0) throw new Error(`live.js could not be minified: ${result.errors.map((e) => e.message).join('; ')}`);
      return `export default ${JSON.stringify(result.code)};`;
    },
  };
}
