import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importAsset } from '../../src/core/assets/assets';
import { respondToAssetRequest } from '../../src/main/assets-protocol';
import { png } from '../fixtures/images';
import { tempDir, tempWorkspace } from './helpers';

// The desktop twin of the web host's asset route (web-assets.test.ts): the same door, the same lock.
describe('issue 18.3: the copydesk-asset scheme never follows a symlink', () => {
  it('issue 18.3: a link named like an asset, to copydesk.db, a file outside or a real asset, answers 404', async () => {
    const ws = tempWorkspace();
    const { src } = await importAsset(ws, png(2, 2));
    const outside = join(tempDir(), 'outside.txt');
    writeFileSync(outside, 'secret outside the workspace');
    const links: [string, string][] = [
      [join(ws.dir, 'copydesk.db'), `${'1'.repeat(32)}.png`],
      ['../copydesk.db', `${'2'.repeat(32)}.png`],
      [outside, `${'3'.repeat(32)}.jpg`],
      [join(ws.dir, src), `${'4'.repeat(32)}.png`],
    ];
    for (const [target, name] of links) {
      symlinkSync(target, join(ws.dir, 'assets', name));
      for (const method of ['GET', 'HEAD']) {
        const reply = await respondToAssetRequest(ws.dir, `copydesk-asset://asset/${name}`, method);
        expect(reply.status, `${method} ${name}`).toBe(404);
        expect(await reply.text()).not.toMatch(/SQLite|secret outside/);
      }
    }
    expect((await respondToAssetRequest(ws.dir, `copydesk-asset://asset/${src.slice('assets/'.length)}`)).status).toBe(200);
  });
});
