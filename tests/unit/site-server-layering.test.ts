import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** src/site is the public server: it may use src/shared, never the desktop's folders. */
const eslint = new ESLint({ cwd: process.cwd() });

async function errorsFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const used = 1;\n`, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('issue 13.1: src/site import layering', () => {
  it.each([
    "import { openWorkspace } from '../core/workspace';",
    "import { startWebHost } from '../web/server';",
    "import { main } from '../cli/index';",
    "import { App } from '../renderer/App';",
    "import { app } from 'electron';",
  ])('src/site may not do %s', async (code) => {
    expect(await errorsFor('src/site/x.ts', code)).not.toEqual([]);
  });

  it.each(["import { SiteArticleSchema } from '../shared/remote/site-api';", "import { createHash } from 'node:crypto';", "import { Kysely } from 'kysely';"])(
    'src/site may do %s',
    async (code) => {
      expect(await errorsFor('src/site/x.ts', code)).toEqual([]);
    },
  );
});
