import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from './helpers';

const state = vi.hoisted(() => ({ backend: 'gnome_libsecret', available: true, decryptFails: false }));

vi.mock('electron', () => ({
  safeStorage: {
    isEncryptionAvailable: () => state.available,
    getSelectedStorageBackend: () => state.backend,
    // A reversible stand-in for the OS keychain: what matters is that the file never holds plaintext.
    encryptString: (text: string) => Buffer.from(text, 'utf8').map((b) => b ^ 0x5a),
    decryptString: (buf: Buffer) => {
      if (state.decryptFails) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(buf.map((b) => b ^ 0x5a)).toString('utf8');
    },
  },
}));

const { SafeStorageSecretStore } = await import('../../src/main/secrets');
const { PlaintextConsent, confirmPlaintextStorage } = await import('../../src/main/credential-consent');
const ref = { id: 't1', name: 'site' };

/** Consent that is given (or not) only through `confirm`, the stand-in for main's dialog. */
function consentIn(dir: string, answer: () => boolean) {
  const confirm = vi.fn(async () => answer());
  return { consent: new PlaintextConsent({ file: join(dir, 'credential-consent.json'), confirm }), confirm };
}
const never = () => consentIn(tempDir(), () => false).consent;

describe('SafeStorageSecretStore (electron mocked)', () => {
  beforeEach(() => {
    state.backend = 'gnome_libsecret';
    state.available = true;
    state.decryptFails = false;
  });

  it('stores ciphertext only and reads it back', () => {
    const file = join(tempDir(), 'secrets.json');
    const store = new SafeStorageSecretStore({ file, platform: 'linux', consent: never() });
    store.set(ref, 'very-secret-token');
    expect(readFileSync(file, 'utf8')).not.toContain('very-secret-token');
    expect(store.get(ref)).toBe('very-secret-token');
    store.delete(ref);
    expect(store.get(ref)).toBeNull();
  });

  it('issue 18.13: refuses the Linux basic_text backend until the person says yes in main\'s dialog', async () => {
    state.backend = 'basic_text';
    const dir = tempDir();
    const file = join(dir, 'secrets.json');
    let answer = false;
    const { consent, confirm } = consentIn(dir, () => answer);
    const store = new SafeStorageSecretStore({ file, platform: 'linux', consent });
    expect(() => store.set(ref, 'x')).toThrow(/No keyring/);
    expect(store.describe()).toMatchObject({ kind: 'plaintext', needsConsent: true, plaintextAllowed: false });
    // Asking is not consenting: the dialog said no, so nothing changes.
    await store.requestPlaintext(true);
    expect(confirm).toHaveBeenCalledTimes(1);
    expect(() => store.set(ref, 'x')).toThrow(/No keyring/);
    answer = true;
    await store.requestPlaintext(true);
    expect(store.describe().plaintextAllowed).toBe(true);
    store.set(ref, 'x');
    expect(store.get(ref)).toBe('x');
    // Once given, asking again does not show the dialog again; withdrawing needs none.
    await store.requestPlaintext(true);
    expect(confirm).toHaveBeenCalledTimes(2);
    await store.requestPlaintext(false);
    expect(() => store.set(ref, 'y')).toThrow(/No keyring/);
    expect(confirm).toHaveBeenCalledTimes(2);
  });

  it('issue 18.13: a consent file that is damaged counts as no consent', () => {
    state.backend = 'basic_text';
    const dir = tempDir();
    const { consent } = consentIn(dir, () => true);
    writeFileSync(join(dir, 'credential-consent.json'), '{"plaintextAllowed": tru');
    expect(consent.allowed()).toBe(false);
    writeFileSync(join(dir, 'credential-consent.json'), '{"plaintextAllowed": "yes"}');
    expect(consent.allowed()).toBe(false);
  });

  it('issue 18.13: a corrupt credentials file gives a sentence, not a JSON parser error or its content', () => {
    const file = join(tempDir(), 'secrets.json');
    const store = new SafeStorageSecretStore({ file, platform: 'linux', consent: never() });
    for (const content of ['{"t1": "abc', '["not", "a", "map"]', '{"t1": 42}']) {
      writeFileSync(file, content);
      let message = '';
      try {
        store.get(ref);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/^Copydesk's saved credentials file \(.*secrets\.json\) is damaged, so no saved token can be read\. Delete that file/);
      expect(message).not.toMatch(/JSON|Unexpected|position|abc/);
    }
  });

  it('issue 18.13: a token that cannot be decrypted gives a sentence', () => {
    const file = join(tempDir(), 'secrets.json');
    const store = new SafeStorageSecretStore({ file, platform: 'linux', consent: never() });
    store.set(ref, 'tok');
    state.decryptFails = true;
    expect(() => store.get(ref)).toThrow(/could not be decrypted .* Enter the token again/);
  });

  it('issue 18.13: the dialog is a warning whose default is Cancel; only the second button consents', async () => {
    const showMessageBox = vi.fn(async () => ({ response: 0, checkboxChecked: false }));
    expect(await confirmPlaintextStorage({ showMessageBox } as never, null)).toBe(false);
    expect(showMessageBox).toHaveBeenCalledWith(expect.objectContaining({ type: 'warning', defaultId: 0, cancelId: 0, buttons: ['Cancel', 'Store without a keyring'] }));
    showMessageBox.mockResolvedValueOnce({ response: 1, checkboxChecked: false });
    expect(await confirmPlaintextStorage({ showMessageBox } as never, null)).toBe(true);
  });

  it('refuses when no encryption is available at all', () => {
    state.available = false;
    const store = new SafeStorageSecretStore({ file: join(tempDir(), 's.json'), consent: consentIn(tempDir(), () => true).consent });
    expect(() => store.set(ref, 'x')).toThrow(/no encrypted storage/);
  });
});
