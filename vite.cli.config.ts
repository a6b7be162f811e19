import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';
import { minifiedLiveScript } from './vite.live-script.config.ts';
import { publishWorkerPlugin } from './vite.publish-worker.config.ts';

const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/**
 * Bundles src/cli into ESM for Node 22+: out/cli/index.js, and beside it one chunk per command
 * (index.ts imports each only when it runs, so `publish` never loads the packages `import` needs).
 * Chunks sit in the same folder as index.js, so paths made from a module's import.meta.url
 * (the web build at ../web, the render worker beside it) are the same from any of them. Only our
 * own source is bundled: every package (better-sqlite3 with its native addon, lexical, yaml, zod)
 * stays an import resolved from node_modules at run time, and Node built-ins stay built-ins.
 */
export default defineConfig({
  // The static-site render worker is its own small bundle beside index.js (see that config); the
  // site's reader script is served minified (see vite.live-script.config.ts).
  plugins: [publishWorkerPlugin('out/cli'), minifiedLiveScript()],
  build: {
    ssr: 'src/cli/index.ts',
    outDir: 'out/cli',
    emptyOutDir: true,
    target: 'node22',
    minify: false,
    sourcemap: true,
    rolldownOptions: {
      external: (id) => builtins.has(id) || !(id.startsWith('.') || id.startsWith('/') || id.startsWith('\0') || /^[A-Za-z]:[\\/]/.test(id)),
      output: { format: 'es', entryFileNames: 'index.js', chunkFileNames: '[name]-[hash].js' },
    },
  },
});
