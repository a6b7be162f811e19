import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The renderer built for a browser, served by the loopback web host (`copydesk serve`). Electron
 * builds the same root through electron.vite.config.ts; the renderer picks its transport at
 * runtime (window.copydesk when the preload is there, HTTP otherwise).
 */
export default defineConfig({
  root: resolve(import.meta.dirname, 'src/renderer'),
  base: '/',
  plugins: [react()],
  build: {
    outDir: resolve(import.meta.dirname, 'out/web'),
    emptyOutDir: true,
    // One local bundle (React, Lexical, zod) read from loopback, not a CDN: size warnings are noise.
    chunkSizeWarningLimit: 1500,
  },
});
