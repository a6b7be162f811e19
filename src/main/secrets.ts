import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { safeStorage } from 'electron';
import { CopydeskError } from '../shared/errors';
import type { SecretRef, SecretStore, SecretStoreInfo } from '../core/remote/secrets';

export interface SafeStorageOptions {
  /** A JSON file in userData holding base64 ciphertexts by target id. */
  file: string;
  platform?: NodeJS.Platform;
  /**
   * On Linux without a keyring, Electron falls back to the `basic_text` backend, which is
   * plaintext in all but name. Only when the user explicitly accepted that (a setting) do we
   * store credentials that way.
   */
  allowPlaintext: () => boolean;
}

/** Target credentials encrypted with the OS keychain through Electron's safeStorage. */
export class SafeStorageSecretStore implements SecretStore {
  constructor(private readonly options: SafeStorageOptions) {}

  private check(): void {
    if (!safeStorage.isEncryptionAvailable()) {
      throw new CopydeskError('unauthorized', 'This system offers no encrypted storage for credentials, so Copydesk will not store them');
    }
    const linux = (this.options.platform ?? process.platform) === 'linux';
    if (linux && safeStorage.getSelectedStorageBackend() === 'basic_text' && !this.options.allowPlaintext()) {
      throw new CopydeskError(
        'unauthorized',
        'No keyring (GNOME Keyring or KWallet) is available, so credentials would be stored unencrypted. Enable "Store credentials without a keyring" in Settings to allow it.',
      );
    }
  }

  describe(): SecretStoreInfo {
    if (!safeStorage.isEncryptionAvailable()) {
      return { kind: 'unavailable', detail: 'This system offers no encrypted storage, so Copydesk cannot keep tokens.', needsConsent: false };
    }
    const linux = (this.options.platform ?? process.platform) === 'linux';
    if (linux && safeStorage.getSelectedStorageBackend() === 'basic_text') {
      return { kind: 'plaintext', detail: 'No keyring (GNOME Keyring or KWallet) was found: tokens could only be stored unencrypted in your user folder.', needsConsent: true };
    }
    return { kind: 'keyring', detail: 'Tokens are encrypted with your system keychain.', needsConsent: false };
  }

  get(ref: SecretRef): string | null {
    const sealed = this.read()[ref.id];
    if (sealed === undefined) return null;
    this.check();
    return safeStorage.decryptString(Buffer.from(sealed, 'base64'));
  }

  set(ref: SecretRef, value: string): void {
    this.check();
    this.write({ ...this.read(), [ref.id]: safeStorage.encryptString(value).toString('base64') });
  }

  delete(ref: SecretRef): void {
    const { [ref.id]: _gone, ...rest } = this.read();
    this.write(rest);
  }

  private read(): Record<string, string> {
    if (!existsSync(this.options.file)) return {};
    return JSON.parse(readFileSync(this.options.file, 'utf8')) as Record<string, string>;
  }

  private write(data: Record<string, string>): void {
    const temp = `${this.options.file}.tmp`;
    writeFileSync(temp, JSON.stringify(data), { mode: 0o600 });
    renameSync(temp, this.options.file);
  }
}
