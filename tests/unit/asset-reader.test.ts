import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importAsset } from '../../src/core/assets/assets';
import { workspaceAssetReader } from '../../src/core/assets/open-asset';
import { png } from '../fixtures/images';
import { tempDir, tempWorkspace } from './helpers';

// The reader that hands image bytes to remote uploads (Ghost's images/upload) must refuse the
// same planted links the asset route refuses (issue 18.3), or a link could upload copydesk.db.
describe('workspaceAssetReader (remote image uploads)', () => {
  it('reads a real asset with its media type', async () => {
    const ws = tempWorkspace();
    const bytes = png(3, 2);
    const { src } = await importAsset(ws, bytes);
    const read = workspaceAssetReader(ws.dir)(src);
    expect(read?.type).toBe('image/png');
    expect(read && Buffer.from(read.bytes).equals(bytes)).toBe(true);
  });

  it('issue 18.3: never follows a symlink named like an asset, to copydesk.db or outside', async () => {
    const ws = tempWorkspace();
    const outside = join(tempDir(), 'outside.png');
    writeFileSync(outside, 'secret outside the workspace');
    const folder = join(ws.dir, 'assets');
    const { src } = await importAsset(ws, png(1, 1));
    const planted: [string, string][] = [
      [join(ws.dir, 'copydesk.db'), `${'a'.repeat(32)}.png`],
      [outside, `${'b'.repeat(32)}.png`],
      [join(ws.dir, src), `${'c'.repeat(32)}.png`],
    ];
    for (const [target, name] of planted) symlinkSync(target, join(folder, name));
    const read = workspaceAssetReader(ws.dir);
    for (const [, name] of planted) expect(read(`assets/${name}`), name).toBeNull();
    expect(read('assets/../copydesk.db')).toBeNull();
    expect(read(src)).not.toBeNull();
  });
});
