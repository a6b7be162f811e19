import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

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
    plugins: [react()],
    build: {
      outDir: resolve('out/renderer'),
      rolldownOptions: { input: { index: resolve('src/renderer/index.html') } },
    },
  },
});
