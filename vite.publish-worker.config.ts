import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import { build, defineConfig, type Plugin } from 'vite';

const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const isExternal = (id: string) => builtins.has(id) || !(id.startsWith('.') || id.startsWith('/') || id.startsWith('\0') || /^[A-Za-z]:[\\/]/.test(id));

/**
 * Bundles the static-site render worker (src/core/publish/render-worker.ts) into one ESM file,
 * publish-worker.js, beside the bundle that starts it (render-pool.ts looks for it next to
 * itself): out/cli for the CLI, out/main for the desktop app, each built by publishWorkerPlugin. Its module graph is only the
 * article renderer and SQL reads: packages stay imports resolved from node_modules at run time
 * (better-sqlite3 is native), and code the worker does not call is left out, so a worker starts
 * in milliseconds instead of loading the whole CLI (Lexical, zod, yaml...).
 */
export default defineConfig({
  // No package is imported for its side effects, so an import left with no bindings (zod's, once
  // the schemas are dropped: the bundler keeps bare imports of packages) goes too. Emptied in
  // place, so the source map's lines still match.
  plugins: [
    {
      name: 'copydesk-drop-bare-package-imports',
      generateBundle(_options, bundle) {
        for (const chunk of Object.values(bundle)) if (chunk.type === 'chunk') chunk.code = chunk.code.replace(/^import "(?!node:)[^"]+";$/gm, '');
      },
    },
  ],
  build: {
    ssr: 'src/core/publish/render-worker.ts',
    outDir: 'out/cli',
    emptyOutDir: false,
    target: 'node22',
    minify: false,
    sourcemap: true,
    rolldownOptions: {
      external: isExternal,
      // zod schemas share modules with functions the worker calls (shared/site.ts); building them
      // has no effect the worker needs.
      treeshake: { manualPureFunctions: ['z'] },
      output: { format: 'es', entryFileNames: 'publish-worker.js', codeSplitting: false },
    },
  },
});

/**
 * Builds the render worker into `outDir` once the bundle that starts it is written: without it,
 * a full build renders every page on the one thread of the CLI or the app's main process.
 */
export function publishWorkerPlugin(outDir: string): Plugin {
  return {
    name: 'copydesk-publish-worker',
    apply: 'build',
    closeBundle: () => build({ configFile: resolve(import.meta.dirname, 'vite.publish-worker.config.ts'), build: { outDir }, logLevel: 'warn' }).then(() => undefined),
  };
}
