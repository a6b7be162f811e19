import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The lint rule is the architecture: these wrong-direction imports must fail `npm run lint`,
 * and the right-direction ones must pass.
 */
const eslint = new ESLint({ cwd: process.cwd() });

async function errorsFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import layering', () => {
  it.each([
    ['src/shared/x.ts', "import { app } from 'electron';"],
    ['src/shared/x.ts', "import { readFileSync } from 'node:fs';"],
    ['src/shared/x.ts', "import { ArticleService } from '../core/articles/service';"],
    ['src/core/x.ts', "import { app } from 'electron';"],
    ['src/core/x.ts', "import { startWebHost } from '../web/server';"],
    ['src/renderer/x.ts', "import { openWorkspace } from '../core/workspace';"],
    ['src/renderer/x.ts', "import { readFileSync } from 'fs';"],
    ['src/preload/x.ts', "import { z } from 'zod';"],
    ['src/main/x.ts', "import { App } from '../renderer/App';"],
    ['src/web/x.ts', "import { BrowserWindow } from 'electron';"],
  ])('%s may not do %s', async (file, code) => {
    expect(await errorsFor(file, `${code}\nexport const used = 1;\n`)).not.toEqual([]);
  });

  it.each([
    ['src/renderer/x.ts', "import { slugify } from '../shared/slug';"],
    ['src/core/x.ts', "import { readFileSync } from 'node:fs';"],
    ['src/main/x.ts', "import { openWorkspace } from '../core/workspace';"],
    ['src/preload/x.ts', "import { CALL_NAMES } from '../shared/contract/names';"],
  ])('%s may do %s', async (file, code) => {
    expect(await errorsFor(file, `${code}\nexport const used = 1;\n`)).toEqual([]);
  });
});
