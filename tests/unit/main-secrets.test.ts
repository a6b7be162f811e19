import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from './helpers';

const state = vi.hoisted(() => ({ backend: 'gnome_libsecret', available: true }));

vi.mock('electron', () => ({
  safeStorage: {
    isEncryptionAvailable: () => state.available,
    getSelectedStorageBackend: () => state.backend,
    // A reversible stand-in for the OS keychain: what matters is that the file never holds plaintext.
    encryptString: (text: string) => Buffer.from(text, 'utf8').map((b) => b ^ 0x5a),
    decryptString: (buf: Buffer) => Buffer.from(buf.map((b) => b ^ 0x5a)).toString('utf8'),
  },
}));

const { SafeStorageSecretStore } = await import('../../src/main/secrets');
const ref = { id: 't1', name: 'site' };

describe('SafeStorageSecretStore (electron mocked)', () => {
  beforeEach(() => {
    state.backend = 'gnome_libsecret';
    state.available = true;
  });

  it('stores ciphertext only and reads it back', () => {
    const file = join(tempDir(), 'secrets.json');
    const store = new SafeStorageSecretStore({ file, platform: 'linux', allowPlaintext: () => false });
    store.set(ref, 'very-secret-token');
    expect(readFileSync(file, 'utf8')).not.toContain('very-secret-token');
    expect(store.get(ref)).toBe('very-secret-token');
    store.delete(ref);
    expect(store.get(ref)).toBeNull();
  });

  it('refuses the Linux basic_text backend unless the user accepted plaintext storage', () => {
    state.backend = 'basic_text';
    const file = join(tempDir(), 'secrets.json');
    let accepted = false;
    const store = new SafeStorageSecretStore({ file, platform: 'linux', allowPlaintext: () => accepted });
    expect(() => store.set(ref, 'x')).toThrow(/No keyring/);
    accepted = true;
    store.set(ref, 'x');
    expect(store.get(ref)).toBe('x');
  });

  it('refuses when no encryption is available at all', () => {
    state.available = false;
    const store = new SafeStorageSecretStore({ file: join(tempDir(), 's.json'), allowPlaintext: () => true });
    expect(() => store.set(ref, 'x')).toThrow(/no encrypted storage/);
  });
});
