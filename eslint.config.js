// Lint doubles as the architecture check: each folder may import only in the allowed direction
// (renderer -> shared, core -> shared, main -> core/shared, preload -> shared/contract, site -> shared).
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/** A `no-restricted-imports` rule that forbids the given folders and packages. */
function restrict(message, { folders = [], packages = [] }) {
  return {
    'no-restricted-imports': [
      'error',
      {
        paths: packages.map((name) => ({ name, message })),
        patterns: [
          ...folders.map((folder) => ({ group: [`**/${folder}`, `**/${folder}/**`], message })),
          { group: ['node:*'], message: packages.includes('node:fs') ? message : undefined },
        ].filter((p) => p.message !== undefined),
      },
    ],
  };
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Build and CI scripts run under Node.
    files: ['**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
  },
  {
    // CommonJS on purpose (scripts/check-node.cjs must run on any Node, however old).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { process: 'readonly', console: 'readonly', require: 'readonly', module: 'writable' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['src/shared/**'],
    rules: restrict('src/shared runs everywhere: no electron, no node:*, no React, no core/main/renderer code.', {
      folders: ['core', 'main', 'renderer', 'preload', 'web', 'cli'],
      packages: ['electron', 'react', 'react-dom', 'better-sqlite3', ...nodeBuiltins],
    }),
  },
  {
    files: ['src/core/**'],
    rules: restrict('src/core is plain Node: it never imports electron, React or host code.', {
      folders: ['main', 'renderer', 'preload', 'web', 'cli'],
      packages: ['electron', 'react', 'react-dom'],
    }),
  },
  {
    files: ['src/renderer/**'],
    rules: restrict('src/renderer talks to core only through the contract (window.copydesk or HTTP).', {
      folders: ['core', 'main', 'preload', 'web', 'cli'],
      packages: ['electron', 'better-sqlite3', ...nodeBuiltins],
    }),
  },
  {
    files: ['src/preload/**'],
    rules: restrict('src/preload may import only electron and src/shared/contract.', {
      folders: ['core', 'main', 'renderer', 'web', 'cli'],
      packages: ['react', 'react-dom', 'better-sqlite3', 'zod', ...nodeBuiltins],
    }),
  },
  {
    files: ['src/main/**'],
    rules: restrict('src/main is Electron wiring: it calls core and shared, never renderer, web or CLI code.', {
      folders: ['renderer', 'web', 'cli'],
      packages: ['react', 'react-dom'],
    }),
  },
  {
    // The public site server runs without a workspace: it has its own store and uses shared/ only.
    files: ['src/site/**'],
    rules: restrict('src/site is the public site server: it may use src/shared, never the desktop (core, main, renderer, web, cli).', {
      folders: ['core', 'main', 'renderer', 'preload', 'web', 'cli'],
      packages: ['electron', 'react', 'react-dom'],
    }),
  },
  {
    files: ['src/web/**', 'src/cli/**'],
    rules: restrict('The web host and CLI run under plain Node: no electron, no renderer or main code.', {
      folders: ['renderer', 'main', 'preload'],
      packages: ['electron', 'react', 'react-dom'],
    }),
  },
);
