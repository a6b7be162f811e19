import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { runnerImport, type Plugin } from 'vite';
import { publishWorkerPlugin } from './vite.publish-worker.config.ts';

/**
 * Puts the Electron page's CSP into the built index.html. Build only: the dev server's React
 * refresh preamble is an inline script that the policy would block.
 */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'copydesk-renderer-csp',
    apply: 'build',
    async transformIndexHtml() {
      // csp.ts hashes the preview stylesheet, which it reaches through a `?raw` import: only
      // Vite's module runner can load that, not the bundler electron-vite uses for this file.
      const { module } = await runnerImport<typeof import('./src/main/csp')>(resolve('src/main/csp.ts'), { configFile: false, logLevel: 'error' });
      return [
        { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: module.RENDERER_CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' },
      ];
    },
  };
}

// Output layout main relies on: out/main/index.js (and publish-worker.js), out/preload/index.cjs,
// out/renderer/index.html.
export default defineConfig({
  main: {
    // The static-site render worker beside index.js, where render-pool.ts looks for it.
    plugins: [publishWorkerPlugin('out/main')],
    build: {
      // Runtime dependencies stay in node_modules (better-sqlite3 is native and cannot be bundled).
      externalizeDeps: true,
      rolldownOptions: {
        input: { index: resolve('src/main/index.ts') },
        external: ['better-sqlite3'],
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot require() from node_modules or load ESM: bundle everything
      // into one CommonJS file. Only 'electron' stays external (the sandbox provides it).
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    plugins: [react(), contentSecurityPolicy()],
    build: {
      outDir: resolve('out/renderer'),
      rolldownOptions: { input: { index: resolve('src/renderer/index.html') } },
    },
  },
});
