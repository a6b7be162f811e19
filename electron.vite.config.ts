import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { RENDERER_CONTENT_SECURITY_POLICY } from './src/main/csp';

/**
 * Puts the Electron page's CSP into the built index.html. Build only: the dev server's React
 * refresh preamble is an inline script that the policy would block.
 */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'copydesk-renderer-csp',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: RENDERER_CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' },
    ],
  };
}

// Output layout main relies on: out/main/index.js, out/preload/index.cjs, out/renderer/index.html.
export default defineConfig({
  main: {
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
